-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE access_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE access_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY access_settings_scoped ON access_settings FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE privileged_accounts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE privileged_accounts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY privileged_accounts_scoped ON privileged_accounts FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE access_grants ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE access_grants FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY access_grants_scoped ON access_grants FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE access_revocation_tasks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE access_revocation_tasks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY access_revocation_tasks_scoped ON access_revocation_tasks FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE access_reviews ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE access_reviews FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY access_reviews_scoped ON access_reviews FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE access_review_lines ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE access_review_lines FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY access_review_lines_scoped ON access_review_lines FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
