-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE import_keys ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE import_keys FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY import_keys_scoped ON import_keys FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT ON import_keys TO tandem_app;
