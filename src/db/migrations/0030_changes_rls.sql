-- Security: the same row-level security as every business table (see 0001_rls.sql).
--> statement-breakpoint
ALTER TABLE changes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE changes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY changes_scoped ON changes FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE change_templates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE change_templates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY change_templates_scoped ON change_templates FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE change_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE change_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY change_links_scoped ON change_links FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE change_watchers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE change_watchers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY change_watchers_scoped ON change_watchers FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE change_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE change_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY change_events_scoped ON change_events FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE change_freezes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE change_freezes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY change_freezes_scoped ON change_freezes FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE change_feed_tokens ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE change_feed_tokens FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY change_feed_tokens_scoped ON change_feed_tokens FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
-- The history is append-only for the application.
REVOKE UPDATE, DELETE, TRUNCATE ON change_events FROM tandem_app;
--> statement-breakpoint
-- The one cross-tenant read of the calendar feed: the workspace of a live feed token, found by the
-- digest of its unguessable secret (a revoked or unknown token finds nothing).
CREATE OR REPLACE FUNCTION tandem_change_feed_workspace(p_token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT workspace_id FROM change_feed_tokens WHERE token_hash = p_token_hash AND revoked_at IS NULL $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_change_feed_workspace(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_change_feed_workspace(text) TO tandem_app;
--> statement-breakpoint
-- Like every cross-workspace lookup, the feed token's function runs as tandem_definer (read-only,
-- with its own SELECT policy): a database owner that is not a superuser is bound by row-level security.
CREATE POLICY change_feed_tokens_definer_read ON change_feed_tokens FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
GRANT SELECT ON change_feed_tokens TO tandem_definer;
--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_change_feed_workspace(text) OWNER TO tandem_definer;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tandem_definer;
