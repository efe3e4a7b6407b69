-- A browser request's two-step sign-in state needs the account's active memberships when the account
-- has not enrolled (does a role or a workspace require it?). They are read in the same statement as
-- the session (accounts/queries.ts), before the request has a row-level-security scope, like the
-- actor lookups of 0019 and 0052: so a request no longer opens a transaction of its own for them.
CREATE OR REPLACE FUNCTION tandem_account_mfa_memberships(p_account uuid)
  RETURNS TABLE (role text, party_kind text, workspace_requires_mfa boolean)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT m.role, p.kind, w.require_mfa
    FROM memberships m
    JOIN workspaces w ON w.id = m.workspace_id
    LEFT JOIN parties p ON p.workspace_id = m.workspace_id AND p.id = m.party_id
    WHERE m.account_id = p_account AND m.status = 'active'
  $$;
--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_account_mfa_memberships(uuid) OWNER TO tandem_definer;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tandem_definer;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_account_mfa_memberships(uuid) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_account_mfa_memberships(uuid) TO tandem_app;
