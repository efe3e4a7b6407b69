-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE sla_calendars ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sla_calendars FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sla_calendars_scoped ON sla_calendars FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE sla_policies ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sla_policies FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sla_policies_scoped ON sla_policies FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE sla_escalation_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sla_escalation_rules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sla_escalation_rules_scoped ON sla_escalation_rules FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE sla_clocks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sla_clocks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sla_clocks_scoped ON sla_clocks FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE sla_clock_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sla_clock_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sla_clock_events_scoped ON sla_clock_events FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE sla_escalations_fired ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sla_escalations_fired FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sla_escalations_fired_scoped ON sla_escalations_fired FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE after_hours_cover_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE after_hours_cover_rules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY after_hours_cover_rules_scoped ON after_hours_cover_rules FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE on_call_shifts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE on_call_shifts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY on_call_shifts_scoped ON on_call_shifts FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE on_call_pages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE on_call_pages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY on_call_pages_scoped ON on_call_pages FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
