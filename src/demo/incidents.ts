import { and, asc, eq, inArray } from 'drizzle-orm';
import { recordAudit } from '../audit/record.ts';
import { insertBacklogItem, moveBacklogItem } from '../backlog/service.ts';
import type { Database } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import type { BacklogPriority, BacklogSource, BacklogStatus } from '../db/schema/backlog.ts';
import { decisions, decisionTypes } from '../db/schema/decisions.ts';
import {
  type IncidentEventKind,
  incidentEvents,
  incidentReviews,
  incidentSubscribers,
  incidents,
  incidentTickets,
  incidentUpdates,
} from '../db/schema/incidents.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx } from '../db/tenant.ts';
import { DECLARE_MAJOR_INCIDENT } from '../domain/incidents.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { systemMeta } from '../server/context.ts';
import { contextFor, type DemoSeat, type DemoStaff } from './responsibility.ts';

export type IncidentDemoPeople = DemoStaff & {
  requester: DemoSeat;
  internalPartyId: string;
  providerPartyId: string;
};

const minutes = (base: Date, n: number) => new Date(base.getTime() + n * 60_000);

/**
 * Acme's past major incident (written with its history's own times, so it is inserted directly),
 * its completed review whose actions are on the backlog, and a handful of other backlog items
 * added and moved through the real use cases.
 */
export async function seedDemoIncidents(db: Database, workspaceId: string, people: IncidentDemoPeople) {
  const lead = await contextFor(db, workspaceId, people.lead, true);
  const engineer = await contextFor(db, workspaceId, people.engineer);
  const providerLead = await contextFor(db, workspaceId, people.providerLead);
  const agent = await contextFor(db, workspaceId, people.agent);
  const declaredAt = new Date(Date.now() - 21 * 24 * 60 * 60_000);
  declaredAt.setUTCHours(8, 40, 0, 0);
  const title = 'E-mail and Teams unavailable for all staff';

  const incident = await withScopedTx(db, { workspaceId, accountId: people.lead.accountId }, async (tx) => {
    const linked = await tx
      .select({ id: tickets.id, number: tickets.number })
      .from(tickets)
      .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.status, ['resolved', 'closed'])))
      .orderBy(asc(tickets.number))
      .limit(3);
    const [type] = await tx
      .select()
      .from(decisionTypes)
      .where(and(eq(decisionTypes.workspaceId, workspaceId), eq(decisionTypes.key, DECLARE_MAJOR_INCIDENT)));
    const number = await nextNumber(tx, workspaceId, 'incident');
    const prefix = lead.actor.ticketPrefix;
    const decisionNumber = await nextNumber(tx, workspaceId, 'decision');
    const [decision] = await tx
      .insert(decisions)
      .values({
        workspaceId,
        number: decisionNumber,
        typeId: type!.id,
        title: `Declare major incident MI-${number}: ${title}`,
        context: `Every mailbox rejects sign-in; Teams is down. Tickets: ${linked.map((t) => `${prefix}-${t.number}`).join(', ')}`,
        status: 'approved',
        proposedByMembershipId: people.lead.membershipId,
        decidedByMembershipId: people.lead.membershipId,
        decidedAt: declaredAt,
        rationale: 'All 240 staff affected during the month-end close.',
        createdAt: declaredAt,
      })
      .returning();
    const resolvedAt = minutes(declaredAt, 165);
    const [row] = await tx
      .insert(incidents)
      .values({
        workspaceId,
        number,
        title,
        impact:
          'All staff could not send or receive e-mail or join Teams calls for 2 h 45 min during month-end close.',
        status: 'resolved',
        decisionId: decision!.id,
        declaredByMembershipId: people.lead.membershipId,
        declaredAt,
        commanderMembershipId: people.providerLead.membershipId,
        communicationsLeadMembershipId: people.agent.membershipId,
        updateCadenceMinutes: 30,
        nextUpdateDueAt: null,
        resolvedAt,
        resolvedByMembershipId: people.providerLead.membershipId,
        resolution:
          'The conditional-access policy changed at 08:15 was rolled back; sign-ins recovered at 11:25.',
        createdAt: declaredAt,
      })
      .returning();
    const incident = row!;
    await tx.insert(incidentTickets).values(
      linked.map((t) => ({
        workspaceId,
        incidentId: incident.id,
        ticketId: t.id,
        linkedByMembershipId: people.lead.membershipId,
        createdAt: declaredAt,
      })),
    );
    const updates: Array<[number, string, 'public' | 'staff', DemoSeat]> = [
      [
        10,
        'We know e-mail and Teams are down for everyone. Engineers are on it; next update by 09:20.',
        'public',
        people.agent,
      ],
      [
        25,
        'Sign-in logs point at the conditional-access change made at 08:15.',
        'staff',
        people.providerLead,
      ],
      [
        40,
        'We have found the likely cause and are rolling back a security setting. Next update by 09:50.',
        'public',
        people.agent,
      ],
      [
        75,
        'The rollback is in; some people can sign in again. Please do not reset your password.',
        'public',
        people.agent,
      ],
      [
        160,
        'E-mail and Teams are working again for everyone. Thank you for your patience.',
        'public',
        people.agent,
      ],
    ];
    for (const [offset, body, visibility, author] of updates)
      await tx.insert(incidentUpdates).values({
        workspaceId,
        incidentId: incident.id,
        body,
        visibility,
        authorMembershipId: author.membershipId,
        createdAt: minutes(declaredAt, offset),
      });
    for (const seat of [people.lead, people.providerLead, people.agent, people.requester])
      await tx.insert(incidentSubscribers).values({
        workspaceId,
        incidentId: incident.id,
        membershipId: seat.membershipId,
        createdAt: declaredAt,
      });
    const events: Array<[number, IncidentEventKind, DemoSeat | null, Record<string, unknown>]> = [
      [
        0,
        'declared',
        people.lead,
        {
          title,
          commanderMembershipId: people.providerLead.membershipId,
          communicationsLeadMembershipId: people.agent.membershipId,
        },
      ],
      ...linked.map(
        (t) =>
          [0, 'ticket_linked', people.lead, { ticketKey: `${prefix}-${t.number}` }] as [
            number,
            IncidentEventKind,
            DemoSeat,
            Record<string, unknown>,
          ],
      ),
      ...updates.map(
        ([offset, , visibility, author]) =>
          [offset, 'update_posted', author, { visibility }] as [
            number,
            IncidentEventKind,
            DemoSeat,
            Record<string, unknown>,
          ],
      ),
      [110, 'update_due', null, { dueAt: minutes(declaredAt, 105).toISOString() }],
      [165, 'resolved', people.providerLead, { resolution: 'Conditional-access change rolled back.' }],
      [4 * 24 * 60, 'review_completed', people.lead, {}],
    ];
    let tick = 0;
    for (const [offset, kind, actor, detail] of events)
      await tx.insert(incidentEvents).values({
        workspaceId,
        incidentId: incident.id,
        kind,
        actorMembershipId: actor?.membershipId ?? null,
        detail,
        // Events of one minute keep their order.
        at: new Date(minutes(declaredAt, offset).getTime() + tick++),
      });
    await tx.insert(incidentReviews).values({
      workspaceId,
      incidentId: incident.id,
      whatHappened:
        'A conditional-access policy meant for guest accounts was applied to all users at 08:15. Every sign-in to Microsoft 365 was refused, so Outlook and Teams stopped working.',
      impact:
        'About 240 staff without e-mail or Teams for 2 h 45 min on the first day of month-end close; two customer calls moved.',
      timeline:
        '08:15 policy change (Northwind)\n08:31 first tickets\n08:40 declared by Alice Hart\n09:05 cause suspected\n09:55 rollback started\n11:20 all sign-ins working\n11:25 resolved',
      causes:
        'The change was made as a standard change without a second reviewer, and no test account covered the policy scope.',
      wentWell:
        'Declared within ten minutes of the first ticket; public updates went out on time; rollback was clean.',
      status: 'completed',
      completedAt: minutes(declaredAt, 4 * 24 * 60),
      completedByMembershipId: people.lead.membershipId,
      updatedByMembershipId: people.lead.membershipId,
      createdAt: minutes(declaredAt, 2 * 24 * 60),
      updatedAt: minutes(declaredAt, 4 * 24 * 60),
      version: 3,
    });
    await recordAudit(tx, systemMeta('demo-seed'), {
      workspaceId,
      actorAccountId: people.lead.accountId,
      actorMembershipId: people.lead.membershipId,
      action: 'incident.declared',
      entityType: 'incident',
      entityId: incident.id,
      after: { ...incident, seeded: true },
    });
    return incident;
  });

  // The review's actions and the rest of the backlog go through the real use cases.
  type Spec = {
    by: WorkspaceContext;
    title: string;
    why: string;
    owner: 'internal' | 'provider';
    priority: BacklogPriority;
    targetQuarter: string | null;
    source: BacklogSource;
    sourceLabel?: string;
    status: BacklogStatus;
  };
  const year = new Date().getUTCFullYear();
  const quarter = (offset: number) => {
    const q = Math.floor(new Date().getUTCMonth() / 3) + offset;
    return `${year + Math.floor(q / 4)}-Q${(q % 4) + 1}`;
  };
  const specs: Spec[] = [
    {
      by: lead,
      title: 'Two-person review for conditional-access changes',
      why: 'MI review: a single engineer changed a tenant-wide sign-in policy.',
      owner: 'internal',
      priority: 'high',
      targetQuarter: quarter(0),
      source: 'post_incident_review',
      status: 'in_progress',
    },
    {
      by: engineer,
      title: 'Break-glass test account in every policy scope',
      why: 'MI review: nothing showed the policy would lock everyone out.',
      owner: 'provider',
      priority: 'high',
      targetQuarter: quarter(0),
      source: 'post_incident_review',
      status: 'planned',
    },
    {
      by: agent,
      title: 'Status page template for the portal banner',
      why: 'MI review: the first public update took ten minutes to word.',
      owner: 'internal',
      priority: 'medium',
      targetQuarter: quarter(1),
      source: 'post_incident_review',
      status: 'done',
    },
    {
      by: lead,
      title: 'Identity clean-up: stale and shared accounts',
      why: '43 enabled accounts of people who left; 6 shared mailboxes with passwords.',
      owner: 'internal',
      priority: 'high',
      targetQuarter: quarter(1),
      source: 'service_review',
      sourceLabel: 'Quarterly service review',
      status: 'planned',
    },
    {
      by: providerLead,
      title: 'Complete the asset inventory',
      why: 'A third of laptops have no owner recorded.',
      owner: 'provider',
      priority: 'medium',
      targetQuarter: quarter(1),
      source: 'proposal',
      status: 'proposed',
    },
    {
      by: engineer,
      title: 'Endpoint baseline for engineering workstations',
      why: 'Recurring tickets about CAD licences and drivers after updates.',
      owner: 'provider',
      priority: 'medium',
      targetQuarter: quarter(2),
      source: 'problem',
      sourceLabel: 'Recurring CAD driver failures',
      status: 'proposed',
    },
    {
      by: agent,
      title: 'Automate new-starter account requests',
      why: 'Each new starter takes 40 minutes of manual steps across three systems.',
      owner: 'internal',
      priority: 'low',
      targetQuarter: null,
      source: 'proposal',
      status: 'proposed',
    },
    {
      by: providerLead,
      title: 'Replace the legacy fax gateway',
      why: 'Superseded by e-mail; nobody used it last quarter.',
      owner: 'provider',
      priority: 'low',
      targetQuarter: null,
      source: 'proposal',
      status: 'dropped',
    },
  ];
  for (const spec of specs) {
    const item = await withScopedTx(db, { workspaceId, accountId: spec.by.actor.accountId }, (tx) =>
      insertBacklogItem(tx, spec.by, {
        title: spec.title,
        why: spec.why,
        ownerPartyId: spec.owner === 'internal' ? people.internalPartyId : people.providerPartyId,
        priority: spec.priority,
        targetQuarter: spec.targetQuarter,
        source: spec.source,
        sourceId: spec.source === 'post_incident_review' ? incident.id : null,
        sourceLabel:
          spec.source === 'post_incident_review'
            ? `MI-${incident.number} post-incident review`
            : (spec.sourceLabel ?? null),
      }),
    );
    if (spec.status !== 'proposed')
      await moveBacklogItem(lead, item.number, { version: item.version, status: spec.status });
  }
  return incident;
}
