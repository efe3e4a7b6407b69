-- Security: the same row-level security as every business table (see 0001_rls.sql).
--> statement-breakpoint
ALTER TABLE catalogue_items ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE catalogue_items FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY catalogue_items_scoped ON catalogue_items FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE tickets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY tickets_scoped ON tickets FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE ticket_comments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_comments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_comments_scoped ON ticket_comments FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE ticket_handoffs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_handoffs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_handoffs_scoped ON ticket_handoffs FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE ticket_watchers ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_watchers FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_watchers_scoped ON ticket_watchers FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE ticket_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_links_scoped ON ticket_links FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE ticket_time_entries ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_time_entries FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_time_entries_scoped ON ticket_time_entries FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE ticket_attachments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_attachments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_attachments_scoped ON ticket_attachments FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE saved_views ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE saved_views FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY saved_views_scoped ON saved_views FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
-- Existing workspaces get a ticket prefix from their address (acme -> ACME).
UPDATE workspaces SET ticket_prefix = upper(left(regexp_replace(slug, '[^a-z0-9]', '', 'g'), 6)) WHERE ticket_prefix = 'TDM';
--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON ticket_handoffs, ticket_comments FROM tandem_app;
