import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { peopleOf } from '../access/service/common.ts';
import { createAccount } from '../accounts/admin.ts';
import type { Database, Tx } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import { accessGrants, accessReviewLines, accessReviews, privilegedAccounts } from '../db/schema/access.ts';
import { decisions, decisionTypes } from '../db/schema/decisions.ts';
import { systems } from '../db/schema/systems.ts';
import { memberships } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { MfaState, PrivilegeTier } from '../domain/access.ts';
import { systemMeta } from '../server/context.ts';
import { systemIdsByName } from '../workspaces/names.ts';
import { seedAudit } from './audit.ts';
import type { DemoSeat, DemoStaff } from './responsibility.ts';

export type AccessPeople = DemoStaff & {
  engineer2: DemoSeat;
  providerPartyId: string;
};

const meta = systemMeta('demo-seed');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY);
const daysAgo = (n: number) => new Date(Date.now() - n * DAY);

type Who = 'alice' | 'ian' | 'nora' | 'ed' | 'priya' | 'dan';
type Spec = { system: string; name: string; who: Who; tier: PrivilegeTier; mfa?: MfaState };

/**
 * 25 accounts in Acme's systems. Two findings only: the shared "admin" on the file server and the
 * account of Dan, who left Northwind. Admins are time-bound (expiry) with MFA; break-glass unused.
 */
const ACCOUNTS: Spec[] = [
  { system: 'ERP (Dynamics NAV)', name: 'alice.hart', who: 'alice', tier: 'global_admin' },
  { system: 'ERP (Dynamics NAV)', name: 'ian.cole', who: 'ian', tier: 'admin' },
  { system: 'ERP (Dynamics NAV)', name: 'nw-ed.park', who: 'ed', tier: 'admin' },
  { system: 'ERP (Dynamics NAV)', name: 'nw-priya.shah', who: 'priya', tier: 'standard' },
  { system: 'ERP (Dynamics NAV)', name: 'erp-breakglass', who: 'alice', tier: 'break_glass' },
  { system: 'Payroll', name: 'alice.hart', who: 'alice', tier: 'admin' },
  { system: 'Payroll', name: 'ian.cole', who: 'ian', tier: 'standard' },
  { system: 'Payroll', name: 'payroll-breakglass', who: 'alice', tier: 'break_glass' },
  { system: 'File server', name: 'admin', who: 'ian', tier: 'admin' },
  { system: 'File server', name: 'nw-nora.quinn', who: 'nora', tier: 'admin' },
  { system: 'File server', name: 'nw-ed.park', who: 'ed', tier: 'admin' },
  { system: 'File server', name: 'nw-priya.shah', who: 'priya', tier: 'admin' },
  { system: 'File server', name: 'nw-dan.ross', who: 'dan', tier: 'admin' },
  { system: 'Backup appliance', name: 'nw-nora.quinn', who: 'nora', tier: 'admin' },
  { system: 'Backup appliance', name: 'nw-ed.park', who: 'ed', tier: 'admin' },
  { system: 'Backup appliance', name: 'nw-priya.shah', who: 'priya', tier: 'standard' },
  { system: 'Core network switch', name: 'nw-ed.park', who: 'ed', tier: 'admin' },
  { system: 'Core network switch', name: 'nw-priya.shah', who: 'priya', tier: 'admin' },
  { system: 'Core network switch', name: 'switch-breakglass', who: 'nora', tier: 'break_glass' },
  { system: 'Microsoft 365 tenant', name: 'alice.hart@acme.example', who: 'alice', tier: 'global_admin' },
  { system: 'Microsoft 365 tenant', name: 'nora@northwind.example', who: 'nora', tier: 'global_admin' },
  { system: 'Microsoft 365 tenant', name: 'ed@northwind.example', who: 'ed', tier: 'admin' },
  { system: 'Microsoft 365 tenant', name: 'ian.cole@acme.example', who: 'ian', tier: 'admin' },
  { system: 'Laptop fleet', name: 'ian.cole', who: 'ian', tier: 'admin' },
  { system: 'Laptop fleet', name: 'nw-priya.shah', who: 'priya', tier: 'admin' },
];

/** Acme's register, a completed quarterly review and an active grant of Ed's that expires two hours from now. */
export async function seedDemoAccess(db: Database, workspaceId: string, people: AccessPeople) {
  // Dan left Northwind a month ago; his file-server account is still there (a finding).
  const dan = await createAccount(db, meta, {
    email: 'dan@northwind.example',
    name: 'Dan Ross',
    password: randomBytes(24).toString('base64url'),
  });
  await withScopedTx(db, { workspaceId, accountId: people.lead.accountId }, async (tx) => {
    const [danSeat] = await tx
      .insert(memberships)
      .values({
        workspaceId,
        accountId: dan.id,
        partyId: people.providerPartyId,
        role: 'agent',
        status: 'deactivated',
        createdAt: daysAgo(400),
        deactivatedAt: daysAgo(30),
      })
      .returning();
    const seat: Record<Who, string> = {
      alice: people.lead.membershipId,
      ian: people.agent.membershipId,
      nora: people.providerLead.membershipId,
      ed: people.engineer.membershipId,
      priya: people.engineer2.membershipId,
      dan: danSeat!.id,
    };
    const systemId = await systemIdsByName(tx, workspaceId);
    const accountIds: string[] = [];
    for (const [i, spec] of ACCOUNTS.entries()) {
      const standing = spec.tier === 'break_glass' || spec.tier === 'standard';
      const [row] = await tx
        .insert(privilegedAccounts)
        .values({
          workspaceId,
          systemId: systemId.get(spec.system)!,
          accountName: spec.name,
          membershipId: seat[spec.who],
          tier: spec.tier,
          mfa: spec.mfa ?? 'yes',
          expiresAt: standing ? null : inDays(60 + (i % 5) * 30),
          notes:
            spec.name === 'admin'
              ? 'Local administrator; the password is in the team vault and used by several people.'
              : '',
          createdAt: daysAgo(200),
          updatedAt: daysAgo(200),
        })
        .returning();
      accountIds.push(row!.id);
      await seedAudit(tx, workspaceId, people.lead, 'access.account_added', 'privileged_account', row!.id, {
        system: spec.system,
        accountName: spec.name,
        tier: spec.tier,
      });
    }
    await seedCompletedReview(tx, workspaceId, people, accountIds);
    await seedExpiringGrant(tx, workspaceId, people, systemId.get('ERP (Dynamics NAV)')!);
  });
}

/** Last quarter's review, every line kept by Alice (Dan was still on the team then). */
async function seedCompletedReview(tx: Tx, workspaceId: string, people: AccessPeople, accountIds: string[]) {
  const number = await nextNumber(tx, workspaceId, 'access-review');
  const started = daysAgo(75);
  const [review] = await tx
    .insert(accessReviews)
    .values({
      workspaceId,
      number,
      title: 'Quarterly privileged-access review (Q3)',
      scope: { systemIds: [], partyIds: [] },
      dueAt: daysAgo(61),
      status: 'completed',
      startedByMembershipId: people.lead.membershipId,
      completedAt: daysAgo(63),
      createdAt: started,
    })
    .returning();
  await seedAudit(tx, workspaceId, people.lead, 'access.review_started', 'access_review', review!.id, {
    title: review!.title,
    lines: accountIds.length,
  });
  const accounts = await tx
    .select()
    .from(privilegedAccounts)
    .where(eq(privilegedAccounts.workspaceId, workspaceId));
  const systemName = new Map(
    (
      await tx
        .select({ id: systems.id, name: systems.name })
        .from(systems)
        .where(eq(systems.workspaceId, workspaceId))
    ).map((s) => [s.id, s.name]),
  );
  const names = await peopleOf(tx, workspaceId);
  for (const account of accounts) {
    const person = account.membershipId ? names.get(account.membershipId) : undefined;
    const [line] = await tx
      .insert(accessReviewLines)
      .values({
        workspaceId,
        reviewId: review!.id,
        privilegedAccountId: account.id,
        snapshot: {
          system: systemName.get(account.systemId) ?? '',
          accountName: account.accountName,
          person: person?.name ?? null,
          party: person?.partyName ?? null,
          tier: account.tier,
          mfa: account.mfa,
        },
        reviewerMembershipId: people.lead.membershipId,
        outcome: 'keep',
        comment: '',
        decidedByMembershipId: people.lead.membershipId,
        decidedAt: daysAgo(64),
        createdAt: started,
      })
      .returning();
    await seedAudit(
      tx,
      workspaceId,
      people.lead,
      'access.review_line_decided',
      'access_review_line',
      line!.id,
      {
        outcome: 'keep',
        account: account.accountName,
      },
    );
  }
  await seedAudit(tx, workspaceId, people.lead, 'access.review_completed', 'access_review', review!.id, {
    status: 'completed',
  });
}

/**
 * Ed's admin access to the ERP, approved by Alice an hour ago for three hours: it expires two hours
 * after the demo starts, and the access sweep (every minute) expires it then.
 */
async function seedExpiringGrant(tx: Tx, workspaceId: string, people: AccessPeople, erpId: string) {
  const [type] = await tx
    .select({ id: decisionTypes.id })
    .from(decisionTypes)
    .where(and(eq(decisionTypes.workspaceId, workspaceId), eq(decisionTypes.key, 'grant-provider-access')));
  if (!type) return;
  const approvedAt = new Date(Date.now() - HOUR);
  const grantNumber = await nextNumber(tx, workspaceId, 'access-grant');
  const [decision] = await tx
    .insert(decisions)
    .values({
      workspaceId,
      number: await nextNumber(tx, workspaceId, 'decision'),
      typeId: type.id,
      title: `AG-${grantNumber}: admin on ERP (Dynamics NAV) for 3 h (Ed Park)`,
      context: 'Apply the vendor hotfix for the posting timeout (needs the ERP admin role).',
      status: 'approved',
      proposedByMembershipId: people.engineer.membershipId,
      decidedByMembershipId: people.lead.membershipId,
      decidedAt: approvedAt,
      rationale: 'Approved for the hotfix window.',
      createdAt: new Date(approvedAt.getTime() - 10 * 60_000),
    })
    .returning();
  const [grant] = await tx
    .insert(accessGrants)
    .values({
      workspaceId,
      number: grantNumber,
      systemId: erpId,
      tier: 'admin',
      reason: 'Apply the vendor hotfix for the posting timeout (needs the ERP admin role).',
      durationMinutes: 180,
      requestedByMembershipId: people.engineer.membershipId,
      decisionId: decision!.id,
      status: 'active',
      decidedByMembershipId: people.lead.membershipId,
      decidedAt: approvedAt,
      expiresAt: new Date(approvedAt.getTime() + 3 * HOUR),
      createdAt: new Date(approvedAt.getTime() - 10 * 60_000),
    })
    .returning();
  await seedAudit(tx, workspaceId, people.lead, 'access.grant_approved', 'access_grant', grant!.id, {
    status: 'active',
    expiresAt: grant!.expiresAt,
  });
}
