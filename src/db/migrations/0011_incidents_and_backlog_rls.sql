-- Security: the same row-level security as every business table (see 0001_rls.sql).
--> statement-breakpoint
ALTER TABLE incidents ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE incidents FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY incidents_scoped ON incidents FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE incident_tickets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE incident_tickets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY incident_tickets_scoped ON incident_tickets FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE incident_updates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE incident_updates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY incident_updates_scoped ON incident_updates FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE incident_subscribers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE incident_subscribers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY incident_subscribers_scoped ON incident_subscribers FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE incident_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE incident_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY incident_events_scoped ON incident_events FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE incident_reviews ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE incident_reviews FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY incident_reviews_scoped ON incident_reviews FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE backlog_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE backlog_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY backlog_items_scoped ON backlog_items FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
-- The timeline is append-only for the application.
--> statement-breakpoint
REVOKE UPDATE, DELETE, TRUNCATE ON incident_events FROM tandem_app;
