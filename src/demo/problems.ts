import { and, eq } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import { handoverAttendees, handoverSessions } from '../db/schema/handovers.ts';
import { articles } from '../db/schema/knowledge.ts';
import { problems, problemTickets } from '../db/schema/problems.ts';
import { systemDependencies, systems, ticketAssets } from '../db/schema/systems.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx } from '../db/tenant.ts';
import { concentrateByPerson } from '../domain/knowledge-health.ts';
import type { Criticality, SystemKind } from '../domain/systems.ts';
import { detectRecurrence } from '../problems/recurrence.ts';
import { serviceContributions } from '../systems/knowledge-health.ts';
import { serviceIdsByKey } from '../workspaces/names.ts';
import { seedAudit } from './audit.ts';
import type { DemoSeat, DemoStaff } from './responsibility.ts';

export type ContinuityPeople = DemoStaff & {
  requester: DemoSeat;
  internalPartyId: string;
  providerPartyId: string;
};

const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

type SystemSpec = {
  name: string;
  kind: SystemKind;
  criticality: Criticality;
  service: string;
  owner: 'internal' | 'provider';
  recovery: string | null;
  description: string;
};

// One critical system (Payroll) deliberately has no recovery steps: the knowledge-health page shows it.
const SYSTEMS: SystemSpec[] = [
  {
    name: 'ERP (Dynamics NAV)',
    kind: 'application',
    criticality: 'critical',
    service: 'line-of-business-apps',
    owner: 'internal',
    recovery: 'Restore the ERP database to a point in time',
    description: 'Orders, stock and production planning.',
  },
  {
    name: 'Payroll',
    kind: 'saas',
    criticality: 'critical',
    service: 'line-of-business-apps',
    owner: 'internal',
    recovery: null,
    description: 'Monthly payroll run; exports to the bank.',
  },
  {
    name: 'File server',
    kind: 'infrastructure',
    criticality: 'critical',
    service: 'servers-infrastructure',
    owner: 'provider',
    recovery: 'Recover the file server after a disk failure',
    description: 'Shared drives for every department.',
  },
  {
    name: 'Backup appliance',
    kind: 'infrastructure',
    criticality: 'critical',
    service: 'backup-recovery',
    owner: 'provider',
    recovery: 'Restore a file from last night’s backup',
    description: 'Nightly backups of servers and Microsoft 365.',
  },
  {
    name: 'Core network switch',
    kind: 'network',
    criticality: 'high',
    service: 'network',
    owner: 'provider',
    recovery: 'Bring the office network back after a power cut',
    description: 'Stacked switches in the comms room.',
  },
  {
    name: 'Microsoft 365 tenant',
    kind: 'saas',
    criticality: 'high',
    service: 'collaboration-suite',
    owner: 'provider',
    recovery: 'Recover a deleted mailbox',
    description: 'Mail, Teams and SharePoint.',
  },
  {
    name: 'Laptop fleet',
    kind: 'endpoint',
    criticality: 'medium',
    service: 'endpoint-management',
    owner: 'internal',
    recovery: 'Rebuild a laptop from the standard image',
    description: 'About 80 Windows laptops.',
  },
];
// [system, depends on]
const DEPENDENCIES: Array<[string, string]> = [
  ['ERP (Dynamics NAV)', 'File server'],
  ['ERP (Dynamics NAV)', 'Core network switch'],
  ['Payroll', 'ERP (Dynamics NAV)'],
  ['File server', 'Core network switch'],
  ['Backup appliance', 'File server'],
  ['Backup appliance', 'Microsoft 365 tenant'],
];

// Services nobody else works on in the demo; the first without any activity becomes the single-person one.
const QUIET_SERVICES = [
  'telephony',
  'it-assets-licensing',
  'vendor-management',
  'compliance-evidence',
  'procurement',
];
const SINGLE_PERSON_TICKETS = [
  'Desk phone on reception shows no dial tone',
  'Voicemail greeting for the sales line',
  'Forward the warehouse extension after hours',
];

/** Problems, the systems register, one single-person service and past handover sessions for Acme. */
export async function seedDemoContinuity(db: Database, workspaceId: string, people: ContinuityPeople) {
  const scope = { workspaceId, accountId: people.lead.accountId };
  await withScopedTx(db, scope, async (tx) => {
    const serviceIds = await serviceIdsByKey(tx, workspaceId);
    const articleIds = await articleMap(tx, workspaceId);
    const systemIds = await seedSystems(tx, workspaceId, people, serviceIds, articleIds);
    await seedProblems(tx, workspaceId, people, serviceIds);
    await seedSinglePersonService(tx, workspaceId, people, serviceIds);
    await linkAssets(tx, workspaceId, people, systemIds);
    await seedHandovers(tx, workspaceId, people, serviceIds, systemIds, articleIds);
  });
  // Proposals from the desk's recurring tickets, as the nightly job would leave them.
  await detectRecurrence(db, workspaceId);
}

async function articleMap(tx: Tx, workspaceId: string) {
  const rows = await tx
    .select({ id: articles.id, title: articles.title })
    .from(articles)
    .where(eq(articles.workspaceId, workspaceId));
  return new Map(rows.map((r) => [r.title, r.id]));
}

async function seedSystems(
  tx: Tx,
  workspaceId: string,
  people: ContinuityPeople,
  serviceIds: Map<string, string>,
  articleIds: Map<string, string>,
) {
  const ids = new Map<string, string>();
  for (const spec of SYSTEMS) {
    const [row] = await tx
      .insert(systems)
      .values({
        workspaceId,
        name: spec.name,
        kind: spec.kind,
        criticality: spec.criticality,
        ownerPartyId: spec.owner === 'internal' ? people.internalPartyId : people.providerPartyId,
        serviceId: serviceIds.get(spec.service) ?? null,
        description: spec.description,
        recoveryArticleId: spec.recovery ? (articleIds.get(spec.recovery) ?? null) : null,
        createdAt: daysAgo(120),
        updatedAt: daysAgo(120),
      })
      .returning();
    ids.set(spec.name, row!.id);
    await seedAudit(tx, workspaceId, null, 'system.created', 'system', row!.id, { name: spec.name });
  }
  await tx.insert(systemDependencies).values(
    DEPENDENCIES.map(([from, to]) => ({
      workspaceId,
      systemId: ids.get(from)!,
      dependsOnSystemId: ids.get(to)!,
    })),
  );
  return ids;
}

async function ticketsWithSubject(tx: Tx, workspaceId: string, subject: string, limit: number) {
  return tx
    .select({ id: tickets.id, serviceId: tickets.serviceId })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.subject, subject)))
    .orderBy(tickets.createdAt)
    .limit(limit);
}

async function seedProblems(
  tx: Tx,
  workspaceId: string,
  people: ContinuityPeople,
  serviceIds: Map<string, string>,
) {
  const specs = [
    {
      subject: 'Printer on floor 2 prints blank pages',
      title: 'Floor 2 printer prints blank pages',
      status: 'known_error' as const,
      ownerPartyId: people.providerPartyId,
      rootCause: 'The toner density sensor fails after the printer wakes from deep sleep (firmware 4.2).',
      workaround: 'Print to the floor 3 printer, or power-cycle the floor 2 printer before a large job.',
      workaroundKind: 'accepted' as const,
      workaroundExpiresOn: null,
      knownError: true,
      service: 'endpoint-management',
    },
    {
      subject: 'Laptop will not wake from sleep',
      title: 'Laptops do not wake from sleep after the BIOS update',
      status: 'investigating' as const,
      ownerPartyId: people.internalPartyId,
      rootCause: '',
      workaround: 'Hold the power button for ten seconds; turn off modern standby in the power plan.',
      workaroundKind: 'temporary' as const,
      workaroundExpiresOn: new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10),
      knownError: false,
      service: 'endpoint-management',
    },
  ];
  for (const spec of specs) {
    const linked = await ticketsWithSubject(tx, workspaceId, spec.subject, 8);
    const number = await nextNumber(tx, workspaceId, 'problem');
    const [problem] = await tx
      .insert(problems)
      .values({
        workspaceId,
        number,
        title: spec.title,
        description: `Several tickets report "${spec.subject}".`,
        status: spec.status,
        serviceId: linked[0]?.serviceId ?? serviceIds.get(spec.service) ?? null,
        ownerPartyId: spec.ownerPartyId,
        rootCause: spec.rootCause,
        workaround: spec.workaround,
        workaroundKind: spec.workaroundKind,
        workaroundExpiresOn: spec.workaroundExpiresOn,
        knownError: spec.knownError,
        createdByMembershipId: people.agent.membershipId,
        createdAt: daysAgo(20),
        updatedAt: daysAgo(5),
      })
      .returning();
    if (linked.length > 0)
      await tx.insert(problemTickets).values(
        linked.map((t) => ({
          workspaceId,
          problemId: problem!.id,
          ticketId: t.id,
          linkedByMembershipId: people.agent.membershipId,
        })),
      );
    await seedAudit(tx, workspaceId, null, 'problem.created', 'problem', problem!.id, {
      number,
      title: spec.title,
    });
  }
}

/** Exactly one person (the internal agent) resolves a quiet service's tickets: a single-person dependency. */
async function seedSinglePersonService(
  tx: Tx,
  workspaceId: string,
  people: ContinuityPeople,
  serviceIds: Map<string, string>,
) {
  const candidates = QUIET_SERVICES.flatMap((k) => (serviceIds.has(k) ? [serviceIds.get(k)!] : []));
  const concentration = concentrateByPerson(candidates, await serviceContributions(tx, workspaceId));
  const quiet = concentration.find((c) => c.people === 0) ?? concentration[0];
  if (!quiet) return;
  for (const [i, subject] of SINGLE_PERSON_TICKETS.entries()) {
    const number = await nextNumber(tx, workspaceId, 'ticket');
    const created = daysAgo(40 - i * 12);
    const [ticket] = await tx
      .insert(tickets)
      .values({
        workspaceId,
        number,
        requesterMembershipId: people.requester.membershipId,
        serviceId: quiet.subjectId,
        subject,
        description: 'Only Ian knows the phone system’s admin portal.',
        impact: 'low',
        urgency: 'medium',
        priority: 'P4',
        status: 'resolved',
        lanePartyId: people.internalPartyId,
        assigneeMembershipId: people.agent.membershipId,
        routingReason: 'Demo: handled by the internal team',
        createdAt: created,
        updatedAt: new Date(created.getTime() + DAY),
        firstResponseAt: new Date(created.getTime() + 3_600_000),
        resolvedAt: new Date(created.getTime() + DAY),
      })
      .returning({ id: tickets.id });
    await seedAudit(tx, workspaceId, null, 'ticket.created', 'ticket', ticket!.id, { number, subject });
  }
}

async function linkAssets(
  tx: Tx,
  workspaceId: string,
  people: ContinuityPeople,
  systemIds: Map<string, string>,
) {
  const links: Array<[string, string]> = [
    ['ERP read access for the new planner', 'ERP (Dynamics NAV)'],
    ['Printer on floor 2 prints blank pages', 'Laptop fleet'],
    ['Laptop will not wake from sleep', 'Laptop fleet'],
    ['Access to the Finance share', 'File server'],
  ];
  for (const [subject, system] of links) {
    const rows = await ticketsWithSubject(tx, workspaceId, subject, 6);
    if (rows.length === 0) continue;
    await tx
      .insert(ticketAssets)
      .values(
        rows.map((t) => ({
          workspaceId,
          ticketId: t.id,
          systemId: systemIds.get(system)!,
          linkedByMembershipId: people.agent.membershipId,
        })),
      )
      .onConflictDoNothing();
  }
}

async function seedHandovers(
  tx: Tx,
  workspaceId: string,
  people: ContinuityPeople,
  serviceIds: Map<string, string>,
  systemIds: Map<string, string>,
  articleIds: Map<string, string>,
) {
  const sessions = [
    {
      topic: 'Backup console walkthrough',
      days: 75,
      services: ['backup-recovery'],
      systems: ['Backup appliance'],
      articles: ['Restore a file from last night’s backup'],
      attendance: [
        [people.lead, true],
        [people.agent, true],
      ] as const,
      notes: 'Ed showed the job list, retention settings and a test restore. Ian ran a restore himself.',
    },
    {
      topic: 'Restoring the ERP database',
      days: 40,
      services: ['line-of-business-apps'],
      systems: ['ERP (Dynamics NAV)'],
      articles: ['Restore the ERP database to a point in time'],
      attendance: [
        [people.lead, true],
        [people.agent, false],
      ] as const,
      notes: 'Point-in-time restore on the test copy. Ian was on leave; repeat for him.',
    },
    {
      topic: 'Network after a power cut',
      days: 12,
      services: ['network'],
      systems: ['Core network switch'],
      articles: ['Bring the office network back after a power cut'],
      attendance: [
        [people.lead, false],
        [people.agent, true],
      ] as const,
      notes: 'Order of power-up, checking the stack, where the console cable lives.',
    },
  ];
  for (const s of sessions) {
    const [row] = await tx
      .insert(handoverSessions)
      .values({
        workspaceId,
        topic: s.topic,
        heldAt: daysAgo(s.days),
        presenterPartyId: people.providerPartyId,
        serviceIds: s.services.flatMap((k) => (serviceIds.has(k) ? [serviceIds.get(k)!] : [])),
        systemIds: s.systems.map((n) => systemIds.get(n)!),
        articleIds: s.articles.flatMap((t) => (articleIds.has(t) ? [articleIds.get(t)!] : [])),
        notes: s.notes,
        createdByMembershipId: people.providerLead.membershipId,
        createdAt: daysAgo(s.days),
      })
      .returning();
    await tx.insert(handoverAttendees).values(
      s.attendance.map(([seat, attended]) => ({
        workspaceId,
        sessionId: row!.id,
        membershipId: seat.membershipId,
        attended,
      })),
    );
    await seedAudit(tx, workspaceId, null, 'handover.created', 'handover_session', row!.id, {
      topic: s.topic,
    });
  }
}
