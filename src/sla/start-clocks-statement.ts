import { sql } from 'drizzle-orm';
import { prebuilt } from '../db/prebuilt.ts';
import { slaClockEvents, slaClocks } from '../db/schema/sla.ts';

type StartedClocks = {
  workspaceId: string;
  ticketId: string;
  policyId: string;
  calendarId: string;
  at: Date;
  firstResponseMinutes: number;
  firstResponseDue: Date;
  resolutionMinutes: number;
  resolutionDue: Date;
  /** Each started event's detail by clock kind, as JSON. */
  details: string;
  membershipId: string | null;
};

/**
 * A ticket's two clocks and their 'started' events in one statement (a data-modifying CTE), built
 * once (db/prebuilt.ts). Answers the clocks written: none when the ticket already had them.
 */
export const insertStartedClocks = prebuilt<StartedClocks>()('sla.clocks.start', (tx, value) => {
  const common = {
    workspaceId: value('workspaceId'),
    ticketId: value('ticketId'),
    policyId: value('policyId'),
    calendarId: value('calendarId'),
    state: sql`'running'`,
    startedAt: value('at'),
  };
  const inserted = tx.$with('inserted').as(
    tx
      .insert(slaClocks)
      .values([
        {
          ...common,
          kind: sql`'first_response'`,
          targetMinutes: value('firstResponseMinutes'),
          dueAt: value('firstResponseDue'),
        },
        {
          ...common,
          kind: sql`'resolution'`,
          targetMinutes: value('resolutionMinutes'),
          dueAt: value('resolutionDue'),
        },
      ])
      .onConflictDoNothing()
      .returning(),
  );
  // In the order they were always started (and listed): first response, then resolution.
  const started = tx.$with('started', { id: slaClockEvents.id }).as(sql`
    insert into ${slaClockEvents} (workspace_id, ticket_id, clock_id, kind, at, detail, by_membership_id)
    select i.workspace_id, i.ticket_id, i.id, 'started', i.started_at,
      ${value('details')}::jsonb -> i.kind::text, ${value('membershipId')}::uuid
    from ${inserted} i order by i.kind::text = 'resolution'
    returning id`);
  return tx.with(inserted, started).select().from(inserted);
});
