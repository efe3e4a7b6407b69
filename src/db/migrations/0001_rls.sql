-- Security: tenant isolation's second line. The application runs as tandem_app (not a superuser,
-- no BYPASSRLS); every business table refuses rows of any workspace but the one set for the
-- current transaction, even when a query forgets its workspace filter.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tandem_app') THEN
    CREATE ROLE tandem_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'tandem_app', 'MEMBER') THEN
    EXECUTE format('GRANT tandem_app TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_current_workspace() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.workspace_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_current_account() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.account_id', true), '')::uuid $$;
--> statement-breakpoint
-- The one cross-tenant read the application needs before it knows the workspace: an invitation
-- found by the digest of its unguessable token.
CREATE OR REPLACE FUNCTION tandem_invitation_workspace(p_token_hash text) RETURNS uuid
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT workspace_id FROM invitations WHERE token_hash = p_token_hash $$;
--> statement-breakpoint
-- Deactivating a member ends their sessions only when no other workspace still needs them.
CREATE OR REPLACE FUNCTION tandem_has_other_membership(p_account uuid, p_workspace uuid) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM memberships WHERE account_id = p_account AND workspace_id <> p_workspace AND status = 'active') $$;
--> statement-breakpoint
INSERT INTO audit_chain_heads (chain, last_hash) VALUES ('accounts', repeat('0', 64)) ON CONFLICT DO NOTHING;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO tandem_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO tandem_app;
--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO tandem_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO tandem_app;
--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO tandem_app;
--> statement-breakpoint
GRANT USAGE ON SCHEMA drizzle TO tandem_app;
--> statement-breakpoint
GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO tandem_app;
--> statement-breakpoint
-- Security: the audit log is append-only for the application.
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM tandem_app;
--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON audit_chain_heads FROM tandem_app;
--> statement-breakpoint
ALTER TABLE workspaces ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workspaces FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workspaces_read ON workspaces FOR SELECT USING (
  id = tandem_current_workspace()
  OR EXISTS (SELECT 1 FROM memberships m WHERE m.workspace_id = workspaces.id AND m.account_id = tandem_current_account())
);
--> statement-breakpoint
CREATE POLICY workspaces_create ON workspaces FOR INSERT WITH CHECK (true);
--> statement-breakpoint
CREATE POLICY workspaces_update ON workspaces FOR UPDATE USING (id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE parties ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE parties FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY parties_read ON parties FOR SELECT USING (
  workspace_id = tandem_current_workspace()
  OR EXISTS (SELECT 1 FROM memberships m WHERE m.party_id = parties.id AND m.account_id = tandem_current_account())
);
--> statement-breakpoint
CREATE POLICY parties_write ON parties FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY memberships_read ON memberships FOR SELECT USING (
  workspace_id = tandem_current_workspace() OR account_id = tandem_current_account()
);
--> statement-breakpoint
CREATE POLICY memberships_write ON memberships FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY invitations_scoped ON invitations FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY audit_events_read ON audit_events FOR SELECT USING (
  workspace_id = tandem_current_workspace()
  OR (workspace_id IS NULL AND actor_account_id = tandem_current_account())
);
--> statement-breakpoint
CREATE POLICY audit_events_append ON audit_events FOR INSERT WITH CHECK (
  workspace_id = tandem_current_workspace()
  OR (workspace_id IS NULL AND tandem_current_workspace() IS NULL)
);
