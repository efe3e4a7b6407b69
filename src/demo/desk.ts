import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/client.ts';
import { workspaceCounters } from '../db/schema/responsibility.ts';
import {
  catalogueItems,
  ticketComments,
  ticketHandoffs,
  tickets,
  ticketTimeEntries,
  ticketWatchers,
} from '../db/schema/tickets.ts';
import { withScopedTx } from '../db/tenant.ts';
import { type Level, priorityOf, routeByMap, type TicketStatus } from '../domain/tickets.ts';
import { systemMeta } from '../server/context.ts';
import { loadRoutingInputs } from '../tickets/queries.ts';

type Seat = { membershipId: string; partyId: string | null; name: string };
export type DeskPeople = {
  requesters: Seat[];
  internalStaff: Seat[];
  providerStaff: Seat[];
  internalPartyId: string;
  providerPartyId: string;
};

const SUBJECTS: Record<string, string[]> = {
  'Something is not working': [
    'Laptop will not wake from sleep',
    'Second monitor not detected',
    'Keyboard keys sticking',
    'Printer on floor 2 prints blank pages',
    'Webcam not working in meetings',
  ],
  'Ask a question': [
    'How do I share a calendar with my team?',
    'Where are the expense templates?',
    'How do I set an out-of-office?',
  ],
  'Reset my password or MFA': [
    'Locked out after password change',
    'New phone, need to move the authenticator',
    'Password expired while travelling',
  ],
  'Access to a system or shared folder': [
    'Access to the Finance share',
    'Need the quality-control reports folder',
    'ERP read access for the new planner',
  ],
  'New starter': [
    'New starter: warehouse supervisor',
    'New starter in sales',
    'Apprentice starting in engineering',
  ],
  Leaver: ['Leaver: accounts assistant', 'Leaver in logistics'],
  'New or replacement device': [
    'Replacement laptop battery',
    'Docking station for hot desk',
    'Headset for the service team',
  ],
  'Email, Teams or files problem': [
    'Shared mailbox not updating',
    'Teams calls drop after five minutes',
    'OneDrive stuck on syncing',
  ],
  'Restore a deleted file': [
    'Restore the pricing spreadsheet from Friday',
    'Deleted the customer folder by mistake',
  ],
  'Wi-Fi or internet problem': [
    'Wi-Fi drops in the canteen',
    'VPN disconnects every hour',
    'Slow internet at the Leeds site',
  ],
  'Report a suspicious email or security concern': [
    'Suspicious invoice email from a supplier',
    'Phone lost on the train',
    'Unexpected MFA prompt at night',
  ],
  'Business application problem': [
    'ERP timeout when posting orders',
    'Shop-floor terminal frozen',
    'Payroll export fails',
  ],
  'New software or licence': ['Visio licence for the process team', 'Adobe Acrobat for contracts'],
};

/** Deterministic pseudo-random numbers, so the demo looks the same on every machine. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

const DAY = 86_400_000;
const pick = <T>(r: () => number, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
/** Never a moment in the future. */
const past = (ms: number, now: number) => new Date(Math.min(ms, now - 60_000));

function statusFor(ageDays: number, r: () => number): TicketStatus {
  if (ageDays > 20) return r() < 0.75 ? 'closed' : 'resolved';
  if (ageDays > 5)
    return pick(r, ['resolved', 'resolved', 'closed', 'in_progress', 'waiting_on_requester'] as const);
  return pick(r, [
    'new',
    'triaged',
    'in_progress',
    'in_progress',
    'waiting_on_requester',
    'waiting_on_party',
    'resolved',
  ] as const);
}

export type DeskOptions = {
  /** How many tickets (Acme: 320). */
  count?: number;
  /** Seed of the pseudo-random numbers, so each workspace gets its own desk. */
  seed?: number;
  /** The internal party's name, as handoff reasons mention it. */
  internalName?: string;
  /** How many of the last tickets arrived in the past hour (new, high impact): SLA clocks at risk. */
  fresh?: number;
};

/** A living desk: a few hundred tickets over the last three months, in every state and lane. */
export async function seedDemoDesk(
  db: Database,
  workspaceId: string,
  people: DeskPeople,
  options: DeskOptions = {},
) {
  const { count = 320, seed = 20_261_123, internalName = 'Acme IT', fresh = 0 } = options;
  const r = random(seed);
  const now = Date.now();
  await withScopedTx(db, { workspaceId, accountId: null }, async (tx: Tx) => {
    const items = await tx
      .select()
      .from(catalogueItems)
      .where(and(eq(catalogueItems.workspaceId, workspaceId), eq(catalogueItems.status, 'active')))
      // In a fixed order: the pseudo-random picks below must give the same desk on every machine.
      .orderBy(asc(catalogueItems.name));
    const routing = new Map<string, ReturnType<typeof routeByMap>>();
    for (const item of items) {
      const inputs = await loadRoutingInputs(tx, workspaceId, item.serviceId);
      routing.set(
        item.id,
        routeByMap({ id: item.serviceId, name: item.name }, inputs.assignments, inputs.parties),
      );
    }
    const staffOf = (partyId: string | null) =>
      partyId === people.providerPartyId
        ? people.providerStaff
        : partyId === people.internalPartyId
          ? people.internalStaff
          : [...people.internalStaff, ...people.providerStaff];
    const ticketRows: (typeof tickets.$inferInsert)[] = [];
    const handoffRows: (typeof ticketHandoffs.$inferInsert)[] = [];
    const watcherRows = new Map<string, typeof ticketWatchers.$inferInsert>();
    const commentRows: (typeof ticketComments.$inferInsert)[] = [];
    const timeRows: (typeof ticketTimeEntries.$inferInsert)[] = [];
    const watch = (ticketId: string, partyId: string) =>
      watcherRows.set(`${ticketId}|${partyId}`, { workspaceId, ticketId, partyId });
    for (let n = 1; n <= count; n++) {
      const item = pick(r, items);
      const subjects = SUBJECTS[item.name] ?? ['Help needed'];
      const isFresh = n > count - fresh;
      // Fresh tickets arrive every nine minutes or so over the last hour.
      const ageDays = isFresh ? ((count - n + 1) * 9 * 60_000) / DAY : r() ** 1.3 * 90;
      const createdAt = new Date(now - ageDays * DAY);
      const route = routing.get(item.id)!;
      let lanePartyId = route.lane.kind === 'party' ? route.lane.partyId : null;
      const status = isFresh ? 'new' : statusFor(ageDays, r);
      const impact: Level = isFresh ? 'high' : r() < 0.1 ? 'high' : r() < 0.5 ? 'medium' : item.defaultImpact;
      // Fresh tickets are P2 (high impact, medium urgency): on the 24x7 cover calendar, so some are at
      // risk whatever the hour the demo is opened (a business-hours clock waits overnight).
      const urgency: Level = isFresh ? 'medium' : r() < 0.15 ? 'high' : item.defaultUrgency;
      const handoffs = !isFresh && r() < 0.2 ? (r() < 0.15 ? 3 : 1) : 0;
      const id = randomUUID();
      for (let h = 0; h < handoffs; h++) {
        const to = lanePartyId === people.providerPartyId ? people.internalPartyId : people.providerPartyId;
        handoffRows.push({
          workspaceId,
          ticketId: id,
          fromPartyId: lanePartyId,
          toPartyId: to,
          reason: pick(r, [
            'Needs an on-site visit',
            `Business approval needed from ${internalName}`,
            'Provider holds the admin rights',
            'Vendor case is with Northwind',
          ]),
          byMembershipId: pick(r, staffOf(lanePartyId)).membershipId,
          createdAt: past(createdAt.getTime() + (h + 1) * 3_600_000, now),
        });
        if (lanePartyId) watch(id, lanePartyId);
        lanePartyId = to;
      }
      for (const partyId of route.watcherPartyIds) watch(id, partyId);
      const assignee = status === 'new' ? null : pick(r, staffOf(lanePartyId));
      const done = status === 'resolved' || status === 'closed';
      const resolvedAt = done
        ? past(createdAt.getTime() + (0.1 + r() * Math.min(4, ageDays)) * DAY, now)
        : null;
      const requester = pick(r, people.requesters);
      let minutesSpent = 0;
      if (assignee) {
        commentRows.push({
          workspaceId,
          ticketId: id,
          authorMembershipId: assignee.membershipId,
          body: 'Thanks, I am looking into this now.',
          visibility: 'public',
          createdAt: past(createdAt.getTime() + 3_600_000, now),
        });
        if (r() < 0.3) {
          const visibility = r() < 0.5 ? 'staff' : 'party';
          commentRows.push({
            workspaceId,
            ticketId: id,
            authorMembershipId: assignee.membershipId,
            body: pick(r, [
              'Checked the logs: same error as last week on this model.',
              'Vendor case opened; waiting for their reply.',
              'Related to the change on Tuesday?',
            ]),
            visibility,
            partyId: visibility === 'party' ? assignee.partyId : null,
            createdAt: past(createdAt.getTime() + 2 * 3_600_000, now),
          });
        }
        if (assignee.partyId) {
          minutesSpent = 10 + Math.floor(r() * 80);
          timeRows.push({
            workspaceId,
            ticketId: id,
            membershipId: assignee.membershipId,
            partyId: assignee.partyId,
            minutes: minutesSpent,
            note: '',
            spentOn: past(createdAt.getTime() + 3 * 3_600_000, now),
          });
        }
      }
      ticketRows.push({
        id,
        workspaceId,
        number: n,
        requesterMembershipId: requester.membershipId,
        catalogueItemId: item.id,
        serviceId: item.serviceId,
        subject: pick(r, subjects),
        description: `${item.description} Raised by ${requester.name}.`,
        impact,
        urgency,
        priority: priorityOf(impact, urgency),
        status,
        lanePartyId,
        assigneeMembershipId: assignee?.membershipId ?? null,
        routingReason: route.reason,
        handoffCount: handoffs,
        minutesSpent,
        createdAt,
        updatedAt: resolvedAt ?? past(createdAt.getTime() + r() * Math.min(ageDays, 2) * DAY, now),
        firstResponseAt: status === 'new' ? null : past(createdAt.getTime() + r() * 4 * 3_600_000, now),
        resolvedAt,
        closedAt: status === 'closed' && resolvedAt ? past(resolvedAt.getTime() + 3 * DAY, now) : null,
        rating: done && r() < 0.6 ? pick(r, [5, 5, 4, 4, 4, 3, 2] as const) : null,
      });
    }
    // Bulk inserts: the demo must not slow the first start down.
    for (const [table, rows] of [
      [tickets, ticketRows],
      [ticketHandoffs, handoffRows],
      [ticketWatchers, [...watcherRows.values()]],
      [ticketComments, commentRows],
      [ticketTimeEntries, timeRows],
    ] as const) {
      for (let i = 0; i < rows.length; i += 500)
        await tx.insert(table).values(rows.slice(i, i + 500) as never);
    }
    await tx
      .insert(workspaceCounters)
      .values({ workspaceId, name: 'ticket', value: count })
      .onConflictDoUpdate({
        target: [workspaceCounters.workspaceId, workspaceCounters.name],
        set: { value: count },
      });
    await recordAudit(tx, systemMeta('demo-seed'), {
      workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'demo.tickets_seeded',
      entityType: 'ticket',
      entityId: null,
      after: { count },
    });
  });
}
