-- The governance sweeps learn which workspaces (or risks) have due work through narrow functions
-- owned by tandem_definer: row-level security hides every workspace from the application role and
-- from a database owner that is not a superuser. Each answers ids (and a due time), nothing else;
-- the work itself runs inside the workspace's own scope.
CREATE POLICY risks_definer_read ON risks FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE POLICY obligations_definer_read ON obligations FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE POLICY obligation_occurrences_definer_read ON obligation_occurrences FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
GRANT SELECT ON risks, obligations, obligation_occurrences TO tandem_definer;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_workspaces_with_due_risk_reviews(p_day date)
  RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT r.workspace_id FROM risks r
    WHERE r.status = 'open' AND r.review_on <= p_day
      AND (r.review_reminded_on IS NULL OR r.review_reminded_on <> r.review_on)
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_lapsed_risk_acceptances(p_now timestamptz)
  RETURNS TABLE (workspace_id uuid, id uuid, accepted_until timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT r.workspace_id, r.id, r.accepted_until FROM risks r
    WHERE r.acceptance = 'accepted' AND r.accepted_until <= p_now
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_workspaces_with_due_occurrences(p_now timestamptz)
  RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT DISTINCT o.workspace_id FROM obligation_occurrences o
    WHERE o.status = 'open' AND o.escalation_level < 2 AND o.due_at <= p_now
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_workspaces_with_active_obligations()
  RETURNS TABLE (workspace_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT DISTINCT o.workspace_id FROM obligations o WHERE o.status = 'active' $$;
--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_workspaces_with_due_risk_reviews(date) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_lapsed_risk_acceptances(timestamptz) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_workspaces_with_due_occurrences(timestamptz) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_workspaces_with_active_obligations() OWNER TO tandem_definer;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tandem_definer;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_workspaces_with_due_risk_reviews(date) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_lapsed_risk_acceptances(timestamptz) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_workspaces_with_due_occurrences(timestamptz) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_workspaces_with_active_obligations() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_workspaces_with_due_risk_reviews(date) TO tandem_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_lapsed_risk_acceptances(timestamptz) TO tandem_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_workspaces_with_due_occurrences(timestamptz) TO tandem_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_workspaces_with_active_obligations() TO tandem_app;
