ALTER TABLE "history_builds" ADD COLUMN "origin" text DEFAULT 'demo' NOT NULL;--> statement-breakpoint
-- The SLA safety sweep leaves simulated history to the simulation (src/simulation): a clock that
-- started inside a build's span [from_day, until_day) and fell due before its end belongs to the
-- simulated past, which the engine escalates at simulated time (the sweep, on the real clock, would
-- flag months-old breaches now and notify people of them). Same owner (tandem_definer) and grants.
GRANT SELECT ON history_builds TO tandem_definer;
--> statement-breakpoint
CREATE POLICY history_builds_definer_read ON history_builds FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_due_sla_clocks(p_now timestamptz, p_limit integer)
  RETURNS TABLE (id uuid, workspace_id uuid, due_at timestamptz)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT c.id, c.workspace_id, c.due_at FROM sla_clocks c
    WHERE c.state = 'running' AND c.breached_at IS NULL AND c.due_at <= p_now
      AND NOT EXISTS (
        SELECT 1 FROM history_builds b
        WHERE b.workspace_id = c.workspace_id
          AND c.started_at >= (b.from_day::timestamp AT TIME ZONE 'UTC')
          AND c.started_at < (b.until_day::timestamp AT TIME ZONE 'UTC')
          AND c.due_at < (b.until_day::timestamp AT TIME ZONE 'UTC'))
    ORDER BY c.due_at LIMIT p_limit
  $$;
