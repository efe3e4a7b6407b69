-- Export and verify runs, and prepared archives, belong to one workspace (row-level security).
ALTER TABLE exit_runs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE exit_runs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY exit_runs_scoped ON exit_runs FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE exit_run_chunks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE exit_run_chunks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY exit_run_chunks_scoped ON exit_run_chunks FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON exit_runs, exit_run_chunks TO tandem_app;
