-- Security: the same row-level security as every business table (see 0001_rls.sql).
--> statement-breakpoint
ALTER TABLE engagements ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE engagements FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY engagements_scoped ON engagements FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE engagement_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE engagement_versions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY engagement_versions_scoped ON engagement_versions FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE engagement_proposals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE engagement_proposals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY engagement_proposals_scoped ON engagement_proposals FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE offboardings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE offboardings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY offboardings_scoped ON offboardings FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE offboarding_tasks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE offboarding_tasks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY offboarding_tasks_scoped ON offboarding_tasks FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON engagements, engagement_proposals, offboardings, offboarding_tasks TO tandem_app;
--> statement-breakpoint
-- Versions are written once, never changed.
GRANT SELECT, INSERT ON engagement_versions TO tandem_app;
