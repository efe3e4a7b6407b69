-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE canned_responses ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE canned_responses FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY canned_responses_scoped ON canned_responses FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON canned_responses TO tandem_app;
