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
--> statement-breakpoint
ALTER TABLE sso_domain_rules ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE sso_domain_rules FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY sso_domain_rules_scoped ON sso_domain_rules FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON sso_domain_rules TO tandem_app;
--> statement-breakpoint
-- Single sign-on of someone no workspace knows yet: which workspaces let their verified e-mail
-- domain join (ids only; the membership is then written inside each workspace's scope).
GRANT SELECT ON sso_domain_rules TO tandem_definer;
--> statement-breakpoint
CREATE POLICY sso_domain_rules_definer_read ON sso_domain_rules FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_sso_domain_workspaces(p_domain text)
  RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT r.workspace_id FROM sso_domain_rules r WHERE r.domain = p_domain ORDER BY r.created_at $$;
--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_sso_domain_workspaces(text) OWNER TO tandem_definer;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tandem_definer;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_sso_domain_workspaces(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_sso_domain_workspaces(text) TO tandem_app;
