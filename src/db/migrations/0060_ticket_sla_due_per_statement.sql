-- tickets.sla_due_at, recomputed once per statement on sla_clocks instead of once per clock row, and
-- written only where it changes. Every write of a ticket row recomputes its search vector and adds an
-- entry to each of its thirteen indexes (the due time is indexed, so no update is HOT): the row trigger
-- rewrote a new ticket twice (one update per clock, the second with the same value) and rewrote the
-- ticket on every clock update, even a breach flag that leaves the due time as it was.
-- It still runs as the invoker, so row-level security keeps it inside the writer's workspace.
CREATE OR REPLACE FUNCTION tandem_ticket_sla_due_of_changed_clocks() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets t SET sla_due_at = due.at
  FROM (
    SELECT changed.workspace_id, changed.ticket_id,
      (SELECT min(c.due_at) FROM sla_clocks c
        WHERE c.workspace_id = changed.workspace_id AND c.ticket_id = changed.ticket_id AND c.state = 'running') AS at
    FROM (SELECT DISTINCT workspace_id, ticket_id FROM changed_clocks) changed
  ) due
  WHERE t.workspace_id = due.workspace_id AND t.id = due.ticket_id AND t.sla_due_at IS DISTINCT FROM due.at;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP TRIGGER tickets_sla_due ON sla_clocks;
--> statement-breakpoint
DROP FUNCTION tandem_ticket_sla_due();
--> statement-breakpoint
-- Transition tables allow one event per trigger and no column list: two triggers, one function.
CREATE TRIGGER tickets_sla_due_on_insert AFTER INSERT ON sla_clocks
  REFERENCING NEW TABLE AS changed_clocks FOR EACH STATEMENT EXECUTE FUNCTION tandem_ticket_sla_due_of_changed_clocks();
--> statement-breakpoint
CREATE TRIGGER tickets_sla_due_on_update AFTER UPDATE ON sla_clocks
  REFERENCING NEW TABLE AS changed_clocks FOR EACH STATEMENT EXECUTE FUNCTION tandem_ticket_sla_due_of_changed_clocks();
