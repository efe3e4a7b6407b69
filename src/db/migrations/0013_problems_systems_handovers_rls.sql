-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE problems ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE problems FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY problems_scoped ON problems FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE problem_tickets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE problem_tickets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY problem_tickets_scoped ON problem_tickets FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE recurrence_proposals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE recurrence_proposals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY recurrence_proposals_scoped ON recurrence_proposals FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE recurrence_runs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE recurrence_runs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY recurrence_runs_scoped ON recurrence_runs FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE systems ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE systems FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY systems_scoped ON systems FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE system_dependencies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE system_dependencies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY system_dependencies_scoped ON system_dependencies FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE ticket_assets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_assets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_assets_scoped ON ticket_assets FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE handover_sessions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE handover_sessions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY handover_sessions_scoped ON handover_sessions FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE handover_attendees ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE handover_attendees FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY handover_attendees_scoped ON handover_attendees FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
-- The recurrence job compares tickets with pg_trgm similarity (loaded by both engines).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
--> statement-breakpoint
-- A proposal's decision is history: it is never deleted by the application.
REVOKE DELETE, TRUNCATE ON recurrence_proposals, recurrence_runs FROM tandem_app;
