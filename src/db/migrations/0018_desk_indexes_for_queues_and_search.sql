-- btree_gin lets one GIN index hold the workspace and the words (trusted extension: no superuser needed).
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
-- Row-level security keeps operators that are not marked leakproof out of index conditions, so
-- "search @@ query" could not use the GIN index for the application role and searched by filter.
-- Matching a tsvector against a tsquery raises no data-dependent error, so it is safe to mark.
-- Only a superuser may do it; elsewhere search still works, reading the workspace's rows
-- (docs/operations.md says how to apply it by hand).
DO $$
BEGIN
  IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
    ALTER FUNCTION ts_match_vq(tsvector, tsquery) LEAKPROOF;
  ELSE
    RAISE NOTICE 'not a superuser: ts_match_vq is not marked LEAKPROOF; full-text search will not use its index (see docs/operations.md)';
  END IF;
END
$$;--> statement-breakpoint
DROP INDEX "ticket_comments_search";--> statement-breakpoint
DROP INDEX "tickets_lane";--> statement-breakpoint
DROP INDEX "tickets_service";--> statement-breakpoint
DROP INDEX "tickets_search";--> statement-breakpoint
CREATE INDEX "ticket_comments_workspace_created" ON "ticket_comments" USING btree ("workspace_id","created_at");--> statement-breakpoint
CREATE INDEX "ticket_comments_workspace_search" ON "ticket_comments" USING gin ("workspace_id","search");--> statement-breakpoint
CREATE INDEX "tickets_updated" ON "tickets" USING btree ("workspace_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "tickets_created" ON "tickets" USING btree ("workspace_id","created_at","id");--> statement-breakpoint
CREATE INDEX "tickets_lane_updated" ON "tickets" USING btree ("workspace_id","lane_party_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "tickets_service_updated" ON "tickets" USING btree ("workspace_id","service_id","updated_at","id");--> statement-breakpoint
CREATE INDEX "tickets_workspace_search" ON "tickets" USING gin ("workspace_id","search");