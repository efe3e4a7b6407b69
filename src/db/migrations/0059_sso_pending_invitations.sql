-- Single sign-on refused for an address whose invitation is not yet accepted: which workspaces invited
-- it (ids only), so the refusal is recorded for those workspaces' leads to see (sso_sign_in_events).
CREATE OR REPLACE FUNCTION tandem_sso_pending_invitation_workspaces(p_email text)
  RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT i.workspace_id FROM invitations i
        WHERE i.email = p_email AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > now() $$;
--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_sso_pending_invitation_workspaces(text) OWNER TO tandem_definer;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tandem_definer;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_sso_pending_invitation_workspaces(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_sso_pending_invitation_workspaces(text) TO tandem_app;
