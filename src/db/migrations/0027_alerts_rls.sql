-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE alert_integrations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alert_integrations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY alert_integrations_scoped ON alert_integrations FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE alert_notifications ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alert_notifications FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY alert_notifications_scoped ON alert_notifications FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE alerts ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alerts FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY alerts_scoped ON alerts FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE alert_occurrences ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE alert_occurrences FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY alert_occurrences_scoped ON alert_occurrences FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON alert_integrations, alert_notifications, alerts, alert_occurrences TO tandem_app;
--> statement-breakpoint
-- An alert arrives before anyone is signed in: the workspace of an integration named in the URL
-- (slug and id must agree), nothing else. The token or signature is then checked inside that scope.
GRANT SELECT ON alert_integrations TO tandem_definer;
--> statement-breakpoint
CREATE POLICY alert_integrations_definer_read ON alert_integrations FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_alert_integration_workspace(p_slug text, p_id uuid)
  RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT i.workspace_id FROM alert_integrations i JOIN workspaces w ON w.id = i.workspace_id
    WHERE w.slug = p_slug AND i.id = p_id AND i.status = 'active'
  $$;
--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_alert_integration_workspace(text, uuid) OWNER TO tandem_definer;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tandem_definer;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_alert_integration_workspace(text, uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_alert_integration_workspace(text, uuid) TO tandem_app;
