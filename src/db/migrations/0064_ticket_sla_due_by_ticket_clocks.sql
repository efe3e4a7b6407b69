-- The nearest running clock of a ticket, read through the ticket's own clocks. Written as
-- min(due_at) WHERE state = 'running', the planner may answer it from sla_clocks_due (workspace, state,
-- due_at), walking the workspace's running clocks in due order until one of this ticket's comes up. It
-- does so where its statistics count few running clocks in the workspace (a new workspace, a table not
-- analyzed since it grew: on the demo's Acme 731 index entries, 0.15 ms for every clock written); with
-- fresh statistics it takes the ticket's key. With the state as the aggregate's FILTER the minimum is
-- never taken from an index's order, whatever the statistics: one probe of the ticket's unique key.
CREATE OR REPLACE FUNCTION tandem_ticket_sla_due_of_changed_clocks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets t SET sla_due_at = due.at
  FROM (
    SELECT changed.workspace_id, changed.ticket_id,
      (SELECT min(c.due_at) FILTER (WHERE c.state = 'running') FROM sla_clocks c
        WHERE c.workspace_id = changed.workspace_id AND c.ticket_id = changed.ticket_id) AS at
    FROM (SELECT DISTINCT workspace_id, ticket_id FROM changed_clocks) changed
  ) due
  WHERE t.workspace_id = due.workspace_id AND t.id = due.ticket_id AND t.sla_due_at IS DISTINCT FROM due.at;
  RETURN NULL;
END
$$;
