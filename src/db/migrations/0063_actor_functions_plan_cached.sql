-- The actor lookups run on every request. As LANGUAGE sql functions with SECURITY DEFINER and a SET
-- clause they cannot be inlined, and PostgreSQL (before 18) plans such a body again on every call:
-- 0.6 ms of the database's CPU per request for a five-table join of index probes (pg_stat_statements,
-- bench/README.md). PL/pgSQL keeps its statements' plans for the session, so the same query costs
-- ~0.14 ms. Same queries, results, owner (tandem_definer, kept by CREATE OR REPLACE) and grants.
CREATE OR REPLACE FUNCTION tandem_api_token_actor(p_token_hash text)
  RETURNS TABLE (
    token_id uuid, scopes text[], last_used_at timestamptz, account_id uuid, is_admin boolean,
    membership_id uuid, workspace_id uuid, workspace_slug text, ticket_prefix text, role text,
    party_id uuid, party_kind text
  )
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  AS $$
  BEGIN
    RETURN QUERY
    SELECT t.id, t.scopes, t.last_used_at, a.id, a.is_admin, m.id, w.id, w.slug, w.ticket_prefix, m.role,
           m.party_id, p.kind
    FROM api_tokens t
    JOIN accounts a ON a.id = t.account_id AND a.status = 'active'
    JOIN memberships m ON m.workspace_id = t.workspace_id AND m.id = t.membership_id AND m.status = 'active'
    JOIN workspaces w ON w.id = m.workspace_id
    LEFT JOIN parties p ON p.workspace_id = m.workspace_id AND p.id = m.party_id
    WHERE t.token_hash = p_token_hash AND t.revoked_at IS NULL AND t.expires_at > now();
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_workspace_actor(p_account uuid, p_slug text)
  RETURNS TABLE (
    membership_id uuid, workspace_id uuid, workspace_slug text, ticket_prefix text, role text,
    party_id uuid, party_kind text
  )
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  AS $$
  BEGIN
    RETURN QUERY
    SELECT m.id, w.id, w.slug, w.ticket_prefix, m.role, m.party_id, p.kind
    FROM workspaces w
    JOIN memberships m ON m.workspace_id = w.id AND m.account_id = p_account AND m.status = 'active'
    LEFT JOIN parties p ON p.workspace_id = m.workspace_id AND p.id = m.party_id
    WHERE w.slug = p_slug;
  END
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_account_mfa_memberships(p_account uuid)
  RETURNS TABLE (role text, party_kind text, workspace_requires_mfa boolean)
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  AS $$
  BEGIN
    RETURN QUERY
    SELECT m.role, p.kind, w.require_mfa
    FROM memberships m
    JOIN workspaces w ON w.id = m.workspace_id
    LEFT JOIN parties p ON p.workspace_id = m.workspace_id AND p.id = m.party_id
    WHERE m.account_id = p_account AND m.status = 'active';
  END
  $$;
