-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE articles ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE articles FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY articles_scoped ON articles FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE article_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE article_versions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY article_versions_scoped ON article_versions FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE article_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE article_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY article_links_scoped ON article_links FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE article_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE article_attachments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY article_attachments_scoped ON article_attachments FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
-- Versions are history: never rewritten or removed by the application.
REVOKE UPDATE, DELETE, TRUNCATE ON article_versions FROM tandem_app;
