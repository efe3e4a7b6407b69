-- Security: the functions that answer cross-workspace questions run as tandem_definer, not as the
-- database owner. Every business table FORCEs row-level security, which binds its owner too unless
-- the owner is a superuser: functions owned by a plain (non-superuser) owner would see no rows.
-- tandem_definer cannot log in, may only read (SELECT grants and SELECT policies, nothing else) and
-- only the owner is a member of it; the application reaches it only through the functions below.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'tandem_definer') THEN
    CREATE ROLE tandem_definer NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT;
  END IF;
END
$$;
--> statement-breakpoint
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'tandem_definer', 'MEMBER') THEN
    EXECUTE format('GRANT tandem_definer TO %I', current_user);
  END IF;
END
$$;
--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO tandem_definer;
--> statement-breakpoint
GRANT SELECT ON workspaces, memberships, parties, invitations, accounts, api_tokens, sla_clocks, articles,
  audit_events TO tandem_definer;
--> statement-breakpoint
CREATE POLICY workspaces_definer_read ON workspaces FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE POLICY memberships_definer_read ON memberships FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE POLICY parties_definer_read ON parties FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE POLICY invitations_definer_read ON invitations FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE POLICY sla_clocks_definer_read ON sla_clocks FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE POLICY articles_definer_read ON articles FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE POLICY audit_events_definer_read ON audit_events FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
-- The SLA safety sweep: running clocks past their due time, oldest first (ids only; each is then
-- handled inside its own workspace's scope).
CREATE OR REPLACE FUNCTION tandem_due_sla_clocks(p_now timestamptz, p_limit integer)
  RETURNS TABLE (id uuid, workspace_id uuid, due_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT c.id, c.workspace_id, c.due_at FROM sla_clocks c
    WHERE c.state = 'running' AND c.breached_at IS NULL AND c.due_at <= p_now
    ORDER BY c.due_at LIMIT p_limit
  $$;
--> statement-breakpoint
-- The knowledge review sweep: which workspaces have an article whose review date has come.
CREATE OR REPLACE FUNCTION tandem_workspaces_with_due_reviews(p_day date)
  RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT a.workspace_id FROM articles a
    WHERE a.status IN ('published', 'needs_review') AND a.review_due_on <= p_day
      AND (a.review_reminded_on IS NULL OR a.review_reminded_on <> a.review_due_on)
  $$;
--> statement-breakpoint
-- The nightly recurrence job visits every workspace: their ids, nothing else.
CREATE OR REPLACE FUNCTION tandem_workspace_ids()
  RETURNS TABLE (id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT w.id FROM workspaces w ORDER BY w.created_at $$;
--> statement-breakpoint
-- `tandem audit verify`: one page of a chain (a workspace's, or the accounts chain when null).
-- Executable by the owner only (the CLI), never by the application role.
CREATE OR REPLACE FUNCTION tandem_audit_events_page(p_workspace uuid, p_after bigint, p_limit integer)
  RETURNS SETOF audit_events
  LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public
  AS $$
  BEGIN
    IF p_workspace IS NULL THEN
      RETURN QUERY SELECT * FROM audit_events e
        WHERE e.workspace_id IS NULL AND e.id > p_after ORDER BY e.id LIMIT p_limit;
    ELSE
      RETURN QUERY SELECT * FROM audit_events e
        WHERE e.workspace_id = p_workspace AND e.id > p_after ORDER BY e.id LIMIT p_limit;
    END IF;
  END
  $$;
--> statement-breakpoint
-- Changing a function's owner needs CREATE on its schema for the new owner; taken back at the end.
GRANT CREATE ON SCHEMA public TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_invitation_workspace(text) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_has_other_membership(uuid, uuid) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_api_token_actor(text) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_workspace_actor(uuid, text) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_due_sla_clocks(timestamptz, integer) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_workspaces_with_due_reviews(date) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_workspace_ids() OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_audit_events_page(uuid, bigint, integer) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_workspace_slug_taken(text) OWNER TO tandem_definer;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tandem_definer;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_due_sla_clocks(timestamptz, integer) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_workspaces_with_due_reviews(date) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_workspace_ids() FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_audit_events_page(uuid, bigint, integer) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_due_sla_clocks(timestamptz, integer) TO tandem_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_workspaces_with_due_reviews(date) TO tandem_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_workspace_ids() TO tandem_app;
