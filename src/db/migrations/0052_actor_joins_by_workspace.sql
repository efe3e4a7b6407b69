-- The actor lookups run on every request, before row-level security has a scope, so nothing adds a
-- workspace filter for them. Since 0051 memberships and parties are keyed (workspace_id, id): the
-- joins name workspace_id so each lookup stays an index probe on those keys (and, on Citus, stays
-- inside one workspace's shard group). Same results, same owner (tandem_definer) and grants.
CREATE OR REPLACE FUNCTION tandem_api_token_actor(p_token_hash text)
  RETURNS TABLE (
    token_id uuid, scopes text[], last_used_at timestamptz, account_id uuid, is_admin boolean,
    membership_id uuid, workspace_id uuid, workspace_slug text, ticket_prefix text, role text,
    party_id uuid, party_kind text
  )
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT t.id, t.scopes, t.last_used_at, a.id, a.is_admin, m.id, w.id, w.slug, w.ticket_prefix, m.role,
           m.party_id, p.kind
    FROM api_tokens t
    JOIN accounts a ON a.id = t.account_id AND a.status = 'active'
    JOIN memberships m ON m.workspace_id = t.workspace_id AND m.id = t.membership_id AND m.status = 'active'
    JOIN workspaces w ON w.id = m.workspace_id
    LEFT JOIN parties p ON p.workspace_id = m.workspace_id AND p.id = m.party_id
    WHERE t.token_hash = p_token_hash AND t.revoked_at IS NULL AND t.expires_at > now()
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_workspace_actor(p_account uuid, p_slug text)
  RETURNS TABLE (
    membership_id uuid, workspace_id uuid, workspace_slug text, ticket_prefix text, role text,
    party_id uuid, party_kind text
  )
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT m.id, w.id, w.slug, w.ticket_prefix, m.role, m.party_id, p.kind
    FROM workspaces w
    JOIN memberships m ON m.workspace_id = w.id AND m.account_id = p_account AND m.status = 'active'
    LEFT JOIN parties p ON p.workspace_id = m.workspace_id AND p.id = m.party_id
    WHERE w.slug = p_slug
  $$;
--> statement-breakpoint
ALTER FUNCTION tandem_api_token_actor(text) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_workspace_actor(uuid, text) OWNER TO tandem_definer;
