-- tickets.sla_due_at follows the nearest running SLA clock, whichever code path writes the clocks
-- (ticket changes, priority retargets, the demo seed), in the same transaction. It runs as the
-- invoker, so row-level security keeps it inside the writer's workspace.
CREATE OR REPLACE FUNCTION tandem_ticket_sla_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE tickets SET sla_due_at = (
    SELECT min(c.due_at) FROM sla_clocks c WHERE c.ticket_id = NEW.ticket_id AND c.state = 'running'
  ) WHERE id = NEW.ticket_id;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER tickets_sla_due AFTER INSERT OR UPDATE OF due_at, state ON sla_clocks FOR EACH ROW EXECUTE FUNCTION tandem_ticket_sla_due();
--> statement-breakpoint
UPDATE tickets t SET sla_due_at = (
  SELECT min(c.due_at) FROM sla_clocks c WHERE c.ticket_id = t.id AND c.state = 'running'
);
