import { eq } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/client.ts';
import {
  afterHoursCoverRules,
  type ClockPause,
  type NewSlaClockEvent,
  onCallShifts,
  slaCalendars,
  slaClockEvents,
  slaClocks,
  slaEscalationRules,
  slaPolicies,
} from '../db/schema/sla.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx } from '../db/tenant.ts';
import { addBusinessMinutes, type Calendar, localToInstant } from '../domain/business-time.ts';
import { pickPolicy } from '../domain/sla.ts';
import { systemMeta } from '../server/context.ts';

/** Bank holidays in England and Wales, 2026–2027 (gov.uk). */
export const UK_BANK_HOLIDAYS_2026_2027 = [
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
];

const day = [{ start: '09:00', end: '17:30' }];
const ACME_HOURS: Calendar = {
  timeZone: 'Europe/London',
  is24x7: false,
  weeklyHours: { mon: day, tue: day, wed: day, thu: day, fri: day },
  holidays: UK_BANK_HOLIDAYS_2026_2027,
};
const NORTHWIND_COVER: Calendar = { timeZone: 'Europe/London', is24x7: true, weeklyHours: {}, holidays: [] };

export type SlaDemoPeople = {
  internalPartyId: string;
  providerPartyId: string;
  /** Northwind engineers who share the on-call rota, in turn. */
  onCall: string[];
  /** The internal party's business-hours calendar (default "Acme business hours"). */
  hoursName?: string;
};

/**
 * Acme's business hours (Europe/London, UK bank holidays), Northwind's 24x7 cover for P1/P2 out
 * of hours, policies per priority, escalation rules, an on-call rota with one gap, and SLA clocks
 * with their history on the existing demo tickets (some breached).
 */
export async function seedDemoSla(db: Database, workspaceId: string, people: SlaDemoPeople) {
  const now = new Date();
  await withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const [acme] = await tx
      .insert(slaCalendars)
      .values({
        workspaceId,
        partyId: people.internalPartyId,
        name: people.hoursName ?? 'Acme business hours',
        ...ACME_HOURS,
      })
      .returning();
    const [cover] = await tx
      .insert(slaCalendars)
      .values({
        workspaceId,
        partyId: people.providerPartyId,
        name: 'Northwind 24x7 cover',
        ...NORTHWIND_COVER,
      })
      .returning();
    const policies = await tx
      .insert(slaPolicies)
      .values(
        [
          {
            name: 'P1 critical (24x7)',
            priority: 'P1' as const,
            calendarId: cover!.id,
            firstResponseMinutes: 15,
            resolutionMinutes: 240,
          },
          {
            name: 'P2 high (24x7)',
            priority: 'P2' as const,
            calendarId: cover!.id,
            firstResponseMinutes: 30,
            resolutionMinutes: 480,
          },
          {
            name: 'P3 normal',
            priority: 'P3' as const,
            calendarId: acme!.id,
            firstResponseMinutes: 240,
            resolutionMinutes: 1530,
          },
          {
            name: 'P4 low',
            priority: 'P4' as const,
            calendarId: acme!.id,
            firstResponseMinutes: 480,
            resolutionMinutes: 2550,
          },
        ].map((p) => ({ workspaceId, serviceId: null, catalogueItemId: null, ...p })),
      )
      .returning();
    const bothLeads = {
      notifyRoles: ['lead' as const],
      notifyOtherPartyLead: true,
      reassignToMembershipId: null,
      raisePriority: false,
    };
    await tx.insert(slaEscalationRules).values(
      [
        {
          priority: 'P1' as const,
          clockKind: 'first_response' as const,
          atPercent: 100,
          actions: bothLeads,
          note: 'Nobody has answered a P1: the provider lead calls the on-call engineer.',
        },
        {
          priority: 'P1' as const,
          clockKind: 'resolution' as const,
          atPercent: 75,
          actions: bothLeads,
          note: 'Both leads agree whether to declare a major incident.',
        },
        {
          priority: 'P1' as const,
          clockKind: 'resolution' as const,
          atPercent: 100,
          actions: bothLeads,
          note: 'Breach: the internal lead decides on a major incident and informs the business.',
        },
        {
          priority: 'P2' as const,
          clockKind: 'resolution' as const,
          atPercent: 75,
          actions: { ...bothLeads, notifyOtherPartyLead: false },
          note: 'The lane lead reviews progress.',
        },
        {
          priority: 'P2' as const,
          clockKind: 'resolution' as const,
          atPercent: 100,
          actions: { ...bothLeads, raisePriority: true },
          note: 'Breach: raised to P1.',
        },
        {
          priority: 'P3' as const,
          clockKind: 'resolution' as const,
          atPercent: 100,
          actions: { ...bothLeads, notifyOtherPartyLead: false },
          note: '',
        },
      ].map((r) => ({ workspaceId, ...r })),
    );
    await tx.insert(afterHoursCoverRules).values({
      workspaceId,
      partyId: people.providerPartyId,
      priorities: ['P1', 'P2'],
      serviceIds: [],
      calendarId: cover!.id,
    });
    await seedRota(tx, workspaceId, people, now);
    const clocks = await seedClocks(
      tx,
      workspaceId,
      policies,
      new Map([
        [acme!.id, ACME_HOURS],
        [cover!.id, NORTHWIND_COVER],
      ]),
      now,
    );
    await recordAudit(tx, systemMeta('demo-seed'), {
      workspaceId,
      actorAccountId: null,
      actorMembershipId: null,
      action: 'demo.sla_seeded',
      entityType: 'sla_policy',
      entityId: null,
      after: { policies: policies.length, clocks },
    });
  });
}

/** Weekly shifts handed over on Mondays at 09:00 London time, four weeks back and eight ahead; one night is uncovered. */
async function seedRota(tx: Tx, workspaceId: string, people: SlaDemoPeople, now: Date) {
  const local = new Date(now.getTime());
  const monday = new Date(
    Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - ((local.getUTCDay() + 6) % 7)),
  );
  const handOver = (weeks: number) => {
    const d = new Date(monday.getTime() + weeks * 7 * 86_400_000);
    return new Date(
      localToInstant(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), 9 * 60, 'Europe/London'),
    );
  };
  const rows = [];
  for (let w = -4; w < 8; w++) {
    let endsAt = handOver(w + 1);
    // Week +2 ends 12 hours early: a gap the rota page reports.
    if (w === 2) endsAt = new Date(endsAt.getTime() - 12 * 3_600_000);
    rows.push({
      workspaceId,
      partyId: people.providerPartyId,
      membershipId: people.onCall[(w + 4) % people.onCall.length]!,
      startsAt: handOver(w),
      endsAt,
    });
  }
  await tx.insert(onCallShifts).values(rows);
}

async function seedClocks(
  tx: Tx,
  workspaceId: string,
  policies: (typeof slaPolicies.$inferSelect)[],
  calendars: Map<string, Calendar>,
  now: Date,
) {
  const all = await tx.select().from(tickets).where(eq(tickets.workspaceId, workspaceId));
  const clockRows: (typeof slaClocks.$inferInsert)[] = [];
  const events: Omit<NewSlaClockEvent, 'clockId'>[][] = [];
  for (const t of all) {
    const policy = pickPolicy(policies, t);
    if (!policy) continue;
    const cal = calendars.get(policy.calendarId)!;
    const open = t.status !== 'resolved' && t.status !== 'closed';
    const waiting = t.status === 'waiting_on_requester' || t.status === 'waiting_on_party';
    for (const [kind, target, stopAt] of [
      ['first_response', policy.firstResponseMinutes, t.firstResponseAt ?? (open ? null : t.resolvedAt)],
      ['resolution', policy.resolutionMinutes, open ? null : (t.resolvedAt ?? t.closedAt ?? t.updatedAt)],
    ] as const) {
      const due = addBusinessMinutes(cal, t.createdAt, target);
      const pausedSince = !stopAt && waiting ? t.updatedAt : null;
      const state = stopAt ? 'stopped' : pausedSince ? 'paused' : 'running';
      const end = stopAt ?? pausedSince ?? now;
      const breachedAt = due < end ? due : null;
      const pauses: ClockPause[] = pausedSince ? [{ start: pausedSince.toISOString(), end: null }] : [];
      clockRows.push({
        workspaceId,
        ticketId: t.id,
        kind,
        policyId: policy.id,
        calendarId: policy.calendarId,
        targetMinutes: target,
        state,
        startedAt: t.createdAt,
        dueAt: state === 'paused' ? null : due,
        pauses,
        stoppedAt: stopAt,
        breachedAt,
      });
      const history: Omit<NewSlaClockEvent, 'clockId'>[] = [
        {
          workspaceId,
          ticketId: t.id,
          kind: 'started',
          at: t.createdAt,
          detail: { policy: policy.name, targetMinutes: target, dueAt: due },
        },
      ];
      if (breachedAt)
        history.push({
          workspaceId,
          ticketId: t.id,
          kind: 'breached',
          at: breachedAt,
          detail: { targetMinutes: target },
        });
      if (pausedSince)
        history.push({
          workspaceId,
          ticketId: t.id,
          kind: 'paused',
          at: pausedSince,
          detail: { reason: `ticket ${t.status.replace(/_/g, ' ')}` },
        });
      if (stopAt)
        history.push({
          workspaceId,
          ticketId: t.id,
          kind: 'stopped',
          at: stopAt,
          detail: {
            reason: kind === 'first_response' ? 'first public reply by staff' : `ticket ${t.status}`,
            breached: breachedAt !== null,
          },
        });
      events.push(history.sort((a, b) => a.at.getTime() - b.at.getTime()));
    }
  }
  const ids: string[] = [];
  for (let i = 0; i < clockRows.length; i += 500) {
    const inserted = await tx
      .insert(slaClocks)
      .values(clockRows.slice(i, i + 500))
      .returning({ id: slaClocks.id });
    ids.push(...inserted.map((r) => r.id));
  }
  const eventRows = events.flatMap((list, i) => list.map((e) => ({ ...e, clockId: ids[i]! })));
  for (let i = 0; i < eventRows.length; i += 500)
    await tx.insert(slaClockEvents).values(eventRows.slice(i, i + 500));
  return clockRows.length;
}
