import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { services } from '../db/schema/responsibility.ts';
import { withScopedTx } from '../db/tenant.ts';
import { commentOnDecision, decide, proposeDecision } from '../decisions/service.ts';
import { HISTORY_ONLY_JOBS } from '../jobs/queue.ts';
import { approveProposal, createProposal, suggestionChanges } from '../responsibility/proposals.ts';
import { setServicePriority } from '../responsibility/services-admin.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { systemMeta } from '../server/context.ts';
import { findActorByMembershipId } from '../workspaces/queries.ts';

export type DemoSeat = { accountId: string; membershipId: string };
/** The four staff seats most demo stories use: each party's lead, the internal agent, Northwind's engineer. */
export type DemoStaff = { lead: DemoSeat; agent: DemoSeat; providerLead: DemoSeat; engineer: DemoSeat };

export async function contextFor(
  db: Database,
  workspaceId: string,
  seat: DemoSeat,
  isAdmin = false,
): Promise<WorkspaceContext> {
  const actor = await withScopedTx(db, { workspaceId, accountId: seat.accountId }, (tx) =>
    findActorByMembershipId(tx, { id: seat.accountId, isAdmin }, seat.membershipId),
  );
  if (!actor) throw new Error('demo seat has no active membership');
  return { db, actor, meta: systemMeta('demo-seed'), jobs: HISTORY_ONLY_JOBS };
}

/** Acme's business priorities per service (1 critical … 4 low); the rest stay unset. */
const DEMO_PRIORITIES: Record<string, number> = {
  'line-of-business-apps': 1,
  'identity-access': 1,
  'backup-recovery': 1,
  'collaboration-suite': 2,
  'security-monitoring': 2,
  network: 2,
  'servers-infrastructure': 2,
  'help-desk': 2,
  'endpoint-management': 3,
  'patch-management': 2,
  telephony: 3,
  'domains-dns-certificates': 3,
  'cloud-platforms': 3,
  'it-assets-licensing': 4,
  procurement: 4,
  'security-awareness': 4,
};

// The deliberate grey area in the demo: nobody is Responsible for domains, DNS and certificates.
const GAP_SERVICE = 'domains-dns-certificates';

/** Acme's map: Northwind's lanes approved as version 2, one gap left open, one proposal waiting. */
export async function seedDemoResponsibility(
  db: Database,
  workspaceId: string,
  providerPartyId: string,
  seats: DemoStaff,
) {
  const lead = await contextFor(db, workspaceId, seats.lead, true);
  const providerLead = await contextFor(db, workspaceId, seats.providerLead);
  const agent = await contextFor(db, workspaceId, seats.agent);
  const engineer = await contextFor(db, workspaceId, seats.engineer);

  const [gapService] = await withScopedTx(db, { workspaceId, accountId: null }, (tx) =>
    tx
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.workspaceId, workspaceId), eq(services.key, GAP_SERVICE))),
  );
  const all = await withScopedTx(db, { workspaceId, accountId: null }, (tx) =>
    suggestionChanges(tx, workspaceId, providerPartyId),
  );
  const [endpoints] = await withScopedTx(db, { workspaceId, accountId: null }, (tx) =>
    tx
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.workspaceId, workspaceId), eq(services.key, 'endpoint-management'))),
  );
  const internalPartyId = lead.actor.partyId!;
  // Northwind alone runs endpoints; Acme IT stays Accountable and is kept informed.
  const lanes = [
    ...all.filter((c) => c.serviceId !== gapService!.id),
    {
      op: 'remove' as const,
      serviceId: endpoints!.id,
      partyId: internalPartyId,
      membershipId: null,
      role: 'R' as const,
    },
    {
      op: 'add' as const,
      serviceId: endpoints!.id,
      partyId: internalPartyId,
      membershipId: null,
      role: 'I' as const,
    },
  ];
  const first = await createProposal(lead, {
    title: "Northwind's lanes from the co-managed contract",
    rationale:
      'Schedule 2 of the contract: Northwind runs first line, out-of-hours cover, endpoints, backups, security alerts and infrastructure; Acme IT stays Accountable throughout.',
    changes: lanes,
  });
  await approveProposal(lead, first.number, 'Matches the signed contract schedule.');
  // The business sets its service priorities (only its lead may; Northwind proposes changes).
  const rows = await withScopedTx(db, { workspaceId, accountId: null }, (tx) =>
    tx
      .select({ id: services.id, key: services.key, version: services.version })
      .from(services)
      .where(eq(services.workspaceId, workspaceId)),
  );
  for (const row of rows) {
    const businessPriority = DEMO_PRIORITIES[row.key];
    if (businessPriority) await setServicePriority(lead, row.id, { businessPriority, version: row.version });
  }
  await createProposal(providerLead, {
    title: 'Northwind to own domain, DNS and certificate renewals',
    rationale:
      'Two certificates nearly expired last quarter because nobody was Responsible. We already monitor expiry for other clients.',
    changes: all.filter((c) => c.serviceId === gapService!.id).map((c) => ({ ...c })),
  });

  const saas = await proposeDecision(agent, {
    typeKey: 'approve-saas-tool',
    title: 'Adopt Miro for the design team',
    context:
      'The design team asked for a shared whiteboard. Miro supports SSO with our identity provider and EU data residency.',
    options: [
      { label: 'Approve Miro Business', description: '12 seats, SSO enforced, EU hosting.' },
      { label: 'Use Microsoft Whiteboard', description: 'Already licensed; fewer features.' },
    ],
    recommendation: 'Approve Miro Business with SSO enforced.',
    links: [],
  });
  await decide(
    lead,
    saas.decision.number,
    'approved',
    'SSO and EU residency meet our policy; licence cost is in the design budget.',
  );

  const retention = await proposeDecision(providerLead, {
    typeKey: 'backup-retention',
    title: 'Reduce file-server backup retention from 90 to 30 days',
    context:
      'Storage costs for backups grew 40% this year. Most restores are of files deleted in the last week.',
    options: [
      { label: 'Keep 90 days', description: 'Current cost.' },
      { label: 'Reduce to 30 days', description: 'Saves about £180 a month.' },
    ],
    recommendation: 'Reduce to 30 days.',
    links: [],
  });
  await decide(
    lead,
    retention.decision.number,
    'rejected',
    'Finance needs 90 days for month-end and quarter-end restores; the saving does not justify the risk.',
  );

  const admin = await proposeDecision(engineer, {
    typeKey: 'approve-admin-account',
    title: 'Temporary Global Administrator for Ed Park during the tenant migration',
    context:
      'The mailbox migration needs tenant-wide admin rights for two weeks. Ed will use a separate cloud-only admin account with MFA.',
    options: [
      { label: 'Approve for 14 days', description: 'Separate admin account, MFA, expires automatically.' },
      {
        label: 'Use Exchange Administrator only',
        description: 'Narrower role; two migration steps would need Acme IT to run them.',
      },
    ],
    recommendation: 'Approve for 14 days with automatic expiry.',
    links: [],
  });
  await commentOnDecision(
    providerLead,
    admin.decision.number,
    'Northwind will review the role assignment daily and remove it the day the migration ends.',
  );
}
