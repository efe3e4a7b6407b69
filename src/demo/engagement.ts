import { and, eq, inArray } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { engagements, engagementVersions } from '../db/schema/engagements.ts';
import { obligations } from '../db/schema/obligations.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { Clause, EngagementTerms } from '../domain/engagements.ts';
import { seedAudit } from './audit.ts';
import type { DemoSeat } from './responsibility.ts';

/** Northwind's engagement for Acme: its purpose and every clause, as version 1 recorded by Alice. */
export async function seedDemoEngagement(
  db: Database,
  workspaceId: string,
  who: { lead: DemoSeat; internalPartyId: string; providerPartyId: string },
) {
  await withScopedTx(db, { workspaceId, accountId: who.lead.accountId }, async (tx) => {
    const security = await tx
      .select({ id: obligations.id })
      .from(obligations)
      .where(
        and(
          eq(obligations.workspaceId, workspaceId),
          inArray(obligations.title, [
            'Monthly privileged-account review',
            'Monthly patch-compliance figure',
            'Monthly security-alert review',
          ]),
        ),
      );
    const clauses: Clause[] = [
      {
        kind: 'scope',
        text: 'Northwind runs the services the responsibility annex marks Responsible for Northwind, for the Acme site and its remote staff.',
      },
      {
        kind: 'service_levels',
        text: 'P1 response within 30 minutes around the clock; P2 within 2 business hours; targets as in the SLA policies.',
      },
      {
        kind: 'reporting',
        text: 'A monthly service review with the SLA figures, open problems, backlog progress and the access-review completion rate.',
      },
      {
        kind: 'security_obligations',
        text: 'Northwind evidences the privileged-account review, patch compliance and the security-alert review every month.',
        obligationIds: security.map((o) => o.id),
      },
      {
        kind: 'confidentiality_data_handling',
        text: 'Acme data stays in the UK tenancy; Northwind staff handle it only to deliver the service and never copy it to their own systems.',
      },
      {
        kind: 'backup',
        text: 'Northwind runs and tests the nightly backups; Acme IT owns the retention policy and approves restores of finance data.',
      },
      {
        kind: 'access_controls',
        text: 'Named accounts only, MFA on every admin account, standing global admin only for break-glass, quarterly access reviews.',
      },
      {
        kind: 'incident_roles',
        text: 'Acme IT commands major incidents and speaks to the business; Northwind is the vendor contact and runs the technical response.',
        incidentRoles: [
          { role: 'commander', partyId: who.internalPartyId, person: 'Alice Hart' },
          { role: 'communications', partyId: who.internalPartyId, person: 'Ian Cole' },
          { role: 'vendor_contact', partyId: who.providerPartyId, person: 'Nora Quinn' },
        ],
      },
      {
        kind: 'subcontractors',
        text: 'Northwind may use the subcontractors named here, each reaching only what is listed.',
        subcontractors: [
          {
            name: 'VaultSafe Backup Ltd',
            reach: 'The off-site backup copies (encrypted); no production access.',
          },
          { name: 'CableWorks', reach: 'The comms rooms at the plant, escorted; no system accounts.' },
        ],
      },
      {
        kind: 'offboarding',
        text: 'Either side gives 90 days’ notice; Northwind hands over everything Acme needs to run or re-tender the service.',
        noticeDays: 90,
        deliverables: [
          'Runbooks and the knowledge base brought up to date',
          'Every admin credential handed back and Northwind accounts revoked',
          'A final backup restore test witnessed by Acme IT',
        ],
      },
      {
        kind: 'documentation',
        text: 'All documentation written for Acme, in Tandem or elsewhere, belongs to Acme.',
      },
    ];
    const terms: EngagementTerms = {
      purposes: ['capacity', 'specialist_depth', 'coverage'],
      intent:
        'Out-of-hours coverage and specialist depth (networks, Microsoft 365 security) the two-person internal team cannot hold alone.',
      ownerMembershipId: who.lead.membershipId,
      reviewCadence: 'monthly',
      clauses,
    };
    const [engagement] = await tx
      .insert(engagements)
      .values({
        workspaceId,
        providerPartyId: who.providerPartyId,
        startsOn: '2025-04-01',
        createdByMembershipId: who.lead.membershipId,
      })
      .returning();
    await tx.insert(engagementVersions).values({
      workspaceId,
      engagementId: engagement!.id,
      number: 1,
      terms,
      summary: 'Recorded',
      createdByMembershipId: who.lead.membershipId,
    });
    await seedAudit(tx, workspaceId, who.lead, 'engagement.created', 'engagement', engagement!.id, {
      ...engagement,
      terms,
    });
  });
}
