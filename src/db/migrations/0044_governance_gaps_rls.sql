-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE risk_changes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE risk_changes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY risk_changes_scoped ON risk_changes FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON risk_changes TO tandem_app;
