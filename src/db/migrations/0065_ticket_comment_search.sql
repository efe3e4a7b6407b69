-- Staff's search by word walks the workspace's tickets newest first and stops at two hundred matches; it
-- also walked the comments the same way, reading ten times as many rows for a word written in a few
-- percent of them (bench/README.md, *Search by word through the ticket*). The words of a ticket's public
-- and staff comments (what staff read) now live on the ticket, so one walk answers. A party's own notes
-- (visible to that party only) stay searched in their table, through a partial index; a requester's
-- search reads the public comments of their own tickets.
ALTER TABLE "tickets" ADD COLUMN "comments_search" "tsvector";--> statement-breakpoint
COMMENT ON COLUMN "tickets"."comments_search" IS 'Derived: the words of the ticket''s public and staff comments, kept by the trigger tickets_comment_search.';--> statement-breakpoint
-- Kept by the database whichever path writes comments (mail, an import, an exit archive, the demo), in
-- the comment's statement. A comment written through the desk appends its words in the statement's own
-- write of the ticket (tickets/service/comment-statement.ts): the trigger then finds every word already
-- there and leaves the ticket alone, so a reply still writes its ticket once. It runs as the invoker:
-- row-level security keeps it inside the writer's workspace. Comments are never edited or deleted, so
-- appending is enough. A ticket whose comment words pass 256 kB (thousands of distinct words: an
-- automated thread) stops growing them, so a comment is never refused for its ticket's size.
CREATE OR REPLACE FUNCTION tandem_ticket_comment_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets t SET comments_search = coalesce(t.comments_search, ''::tsvector) || added.words
  FROM (
    SELECT workspace_id, ticket_id,
      to_tsvector('english', left(string_agg(body, ' ' ORDER BY created_at), 1000000)) AS words
    FROM added_comments WHERE visibility IN ('public', 'staff')
    GROUP BY workspace_id, ticket_id
  ) added
  WHERE t.workspace_id = added.workspace_id AND t.id = added.ticket_id
    AND NOT tsvector_to_array(added.words) <@ tsvector_to_array(coalesce(t.comments_search, ''::tsvector))
    AND coalesce(pg_column_size(t.comments_search), 0) <= 262144;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_comment_search AFTER INSERT ON ticket_comments
  REFERENCING NEW TABLE AS added_comments FOR EACH STATEMENT EXECUTE FUNCTION tandem_ticket_comment_search();
--> statement-breakpoint
-- The comments already written. Row-level security is forced on the owner too: lifted for this one
-- statement, inside the migration's transaction.
ALTER TABLE "tickets" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "ticket_comments" NO FORCE ROW LEVEL SECURITY;--> statement-breakpoint
UPDATE tickets t SET comments_search = to_tsvector('english', left(written.body, 1000000))
FROM (
  SELECT workspace_id, ticket_id, string_agg(body, ' ' ORDER BY created_at) AS body
  FROM ticket_comments WHERE visibility IN ('public', 'staff')
  GROUP BY workspace_id, ticket_id
) written
WHERE t.workspace_id = written.workspace_id AND t.id = written.ticket_id;--> statement-breakpoint
ALTER TABLE "tickets" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "ticket_comments" FORCE ROW LEVEL SECURITY;--> statement-breakpoint
DROP INDEX "ticket_comments_workspace_search";--> statement-breakpoint
DROP INDEX "tickets_workspace_search";--> statement-breakpoint
CREATE INDEX "ticket_comments_party_search" ON "ticket_comments" USING gin ("workspace_id","party_id","search") WHERE "ticket_comments"."visibility" = 'party';--> statement-breakpoint
CREATE INDEX "tickets_workspace_search" ON "tickets" USING gin ("workspace_id","search","comments_search");
