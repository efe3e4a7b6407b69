import { and, eq, inArray } from 'drizzle-orm';
import type { Database, Tx } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import {
  type ArticleStatus,
  type ArticleType,
  articleLinks,
  articles,
  articleVersions,
} from '../db/schema/knowledge.ts';
import { tickets } from '../db/schema/tickets.ts';
import { withScopedTx } from '../db/tenant.ts';
import { serviceIdsByKey } from '../workspaces/names.ts';

export type KnowledgePeople = {
  internalPartyId: string;
  providerPartyId: string;
  /** Membership ids of staff who write articles, per party. */
  internalAuthors: string[];
  providerAuthors: string[];
};

type Spec = {
  type: ArticleType;
  title: string;
  service: string;
  owner: 'internal' | 'provider';
  status?: ArticleStatus;
  visibility?: 'public' | 'staff';
  /** Days from today; negative = review overdue. */
  reviewInDays?: number;
  steps: string[];
};

// A few dozen articles of every type, spread over services; some overdue for review.
const SPECS: Spec[] = [
  {
    type: 'how_to',
    title: 'Connect to the guest wifi',
    service: 'network',
    owner: 'internal',
    visibility: 'public',
    steps: [
      'Choose the network **Acme-Guest**.',
      'Open a browser and accept the terms.',
      'Ask reception for the day code if prompted.',
    ],
  },
  {
    type: 'how_to',
    title: 'Reset your password with self-service',
    service: 'identity-access',
    owner: 'internal',
    visibility: 'public',
    steps: [
      'Go to the sign-in page and choose **Forgot password**.',
      'Confirm with your registered phone.',
      'Pick a passphrase of at least four words.',
    ],
  },
  {
    type: 'how_to',
    title: 'Set up MFA on a new phone',
    service: 'identity-access',
    owner: 'internal',
    visibility: 'public',
    reviewInDays: -20,
    steps: [
      'Install the authenticator app.',
      'Sign in at the security info page from your laptop.',
      'Add the new phone and remove the old one.',
    ],
  },
  {
    type: 'how_to',
    title: 'Share a Teams channel with a supplier',
    service: 'collaboration-suite',
    owner: 'internal',
    visibility: 'public',
    steps: [
      'Ask the channel owner to request guest access.',
      'IT approves suppliers listed in the vendor register.',
      'The supplier accepts the e-mail invitation.',
    ],
  },
  {
    type: 'how_to',
    title: 'Map a shared drive on Windows',
    service: 'endpoint-management',
    owner: 'provider',
    visibility: 'public',
    steps: [
      'Open File Explorer.',
      'Choose **Map network drive** and enter `\\\\files\\shared`.',
      'Tick **Reconnect at sign-in**.',
    ],
  },
  {
    type: 'how_to',
    title: 'Request a new laptop',
    service: 'endpoint-management',
    owner: 'internal',
    visibility: 'public',
    steps: [
      'Open the portal and choose **New or replacement device**.',
      'Say which model your manager approved.',
      'Expect delivery within five working days.',
    ],
  },
  {
    type: 'how_to',
    title: 'Install the VPN client',
    service: 'network',
    owner: 'provider',
    visibility: 'public',
    status: 'needs_review',
    reviewInDays: -5,
    steps: ['Open Company Portal.', 'Install **Acme VPN**.', 'Sign in with your work account.'],
  },
  {
    type: 'runbook',
    title: 'Onboard a new starter',
    service: 'joiners-movers-leavers',
    owner: 'internal',
    steps: [
      'Create the account from the HR ticket.',
      'Assign the role group for the department.',
      'Order the device and book the first-day session.',
    ],
  },
  {
    type: 'runbook',
    title: 'Offboard a leaver on their last day',
    service: 'joiners-movers-leavers',
    owner: 'internal',
    steps: [
      'Block sign-in at 17:00.',
      'Convert the mailbox to shared and give the manager access.',
      'Collect the device and wipe it.',
    ],
  },
  {
    type: 'runbook',
    title: 'Monthly patch cycle for workstations',
    service: 'patch-management',
    owner: 'provider',
    reviewInDays: -40,
    steps: [
      'Approve the pilot ring on Patch Tuesday.',
      'Promote to broad ring after 5 days without incidents.',
      'Report stragglers to the internal lead.',
    ],
  },
  {
    type: 'runbook',
    title: 'Renew the public TLS certificate',
    service: 'domains-dns-certificates',
    owner: 'provider',
    steps: [
      'Generate the CSR on the load balancer.',
      'Validate the domain with the DNS record.',
      'Install and check the chain with an external test.',
    ],
  },
  {
    type: 'runbook',
    title: 'Triage a phishing report',
    service: 'security-monitoring',
    owner: 'provider',
    steps: [
      'Pull the message headers.',
      'Search for the same sender across mailboxes.',
      'Purge, block and tell the reporter.',
    ],
  },
  {
    type: 'runbook',
    title: 'Rotate the backup service account password',
    service: 'backup-recovery',
    owner: 'provider',
    status: 'draft',
    steps: [
      'Pause scheduled jobs.',
      'Change the password in the vault.',
      'Update the job credentials and resume.',
    ],
  },
  {
    type: 'runbook',
    title: 'Add a user to the ERP',
    service: 'line-of-business-apps',
    owner: 'internal',
    steps: [
      'Check the manager approval on the ticket.',
      'Create the user with the department template.',
      'Send the first-sign-in guide.',
    ],
  },
  {
    type: 'recovery_procedure',
    title: 'Restore a file from last night’s backup',
    service: 'backup-recovery',
    owner: 'provider',
    steps: [
      'Find the file in the backup console by path.',
      'Restore to the alternate location.',
      'Ask the requester to confirm the version.',
    ],
  },
  {
    type: 'recovery_procedure',
    title: 'Recover the file server after a disk failure',
    service: 'servers-infrastructure',
    owner: 'provider',
    reviewInDays: -90,
    steps: [
      'Fail over to the replica volume.',
      'Replace the disk and rebuild the array.',
      'Fail back out of hours.',
    ],
  },
  {
    type: 'recovery_procedure',
    title: 'Recover a deleted mailbox',
    service: 'collaboration-suite',
    owner: 'provider',
    steps: [
      'Check the mailbox is within the 30-day window.',
      'Restore the user, then the licence.',
      'Verify mail flow.',
    ],
  },
  {
    type: 'recovery_procedure',
    title: 'Restore the ERP database to a point in time',
    service: 'line-of-business-apps',
    owner: 'internal',
    status: 'needs_review',
    reviewInDays: -12,
    steps: [
      'Stop the application service.',
      'Restore the database to the chosen time.',
      'Run the vendor’s consistency check.',
    ],
  },
  {
    type: 'recovery_procedure',
    title: 'Bring the office network back after a power cut',
    service: 'network',
    owner: 'provider',
    steps: [
      'Power the core switch first, then the firewall.',
      'Check the uplink lights and the VPN tunnel.',
      'Power the access switches.',
    ],
  },
  {
    type: 'recovery_procedure',
    title: 'Rebuild a laptop from the standard image',
    service: 'endpoint-management',
    owner: 'provider',
    steps: ['Back up the user folder if reachable.', 'Reset through Autopilot.', 'Restore the user folder.'],
  },
  {
    type: 'escalation_guide',
    title: 'Who to call when the internet is down',
    service: 'network',
    owner: 'internal',
    visibility: 'public',
    steps: [
      'Check the status page.',
      'Call the Northwind service desk.',
      'If down for 30 minutes, the internal lead calls the carrier.',
    ],
  },
  {
    type: 'escalation_guide',
    title: 'Escalating a P1 to Northwind out of hours',
    service: 'help-desk',
    owner: 'provider',
    steps: [
      'Raise the ticket as P1.',
      'Phone the on-call number.',
      'If no answer in 15 minutes, call the Northwind service manager.',
    ],
  },
  {
    type: 'escalation_guide',
    title: 'Suspected account compromise',
    service: 'security-monitoring',
    owner: 'internal',
    reviewInDays: -3,
    steps: [
      'Disable the account.',
      'Tell the internal lead and Northwind security.',
      'Keep the evidence; do not wipe anything.',
    ],
  },
  {
    type: 'escalation_guide',
    title: 'ERP vendor support contacts',
    service: 'vendor-management',
    owner: 'internal',
    steps: [
      'Log the case on the vendor portal.',
      'Quote the contract number.',
      'Escalate to the account manager after one working day.',
    ],
  },
  {
    type: 'escalation_guide',
    title: 'Telephony outage: carrier escalation path',
    service: 'telephony',
    owner: 'provider',
    status: 'retired',
    steps: ['Call the carrier NOC.', 'Divert the main number to mobiles.', 'Update the status page.'],
  },
  {
    type: 'decision_record',
    title: 'Backups kept for 35 days',
    service: 'backup-recovery',
    owner: 'internal',
    steps: [
      'Decision: keep daily backups 35 days and monthly ones a year.',
      'Why: covers month-end close and the insurer’s requirement.',
      'Revisit at the next contract review.',
    ],
  },
  {
    type: 'decision_record',
    title: 'Standard laptop model for 2026',
    service: 'it-assets-licensing',
    owner: 'internal',
    steps: [
      'Decision: one 14-inch model for everyone except design.',
      'Why: fewer spares and one image.',
      'Exceptions go through the internal lead.',
    ],
  },
  {
    type: 'decision_record',
    title: 'Admin accounts are separate from daily accounts',
    service: 'identity-access',
    owner: 'internal',
    steps: [
      'Decision: every administrator has a separate admin account.',
      'Why: limits the damage of a phished daily account.',
      'Reviewed quarterly in the access review.',
    ],
  },
  {
    type: 'decision_record',
    title: 'Move file shares to SharePoint',
    service: 'collaboration-suite',
    owner: 'internal',
    status: 'draft',
    steps: [
      'Proposal: move team shares by department.',
      'Open question: the CAD files stay on the file server.',
      'Needs the business leader’s approval.',
    ],
  },
  {
    type: 'decision_record',
    title: 'Northwind monitors security alerts 24×7',
    service: 'security-monitoring',
    owner: 'internal',
    reviewInDays: -60,
    steps: [
      'Decision: Northwind takes first-line security alerts around the clock.',
      'Why: the internal team has no night cover.',
      'Acme keeps the decision to isolate production systems.',
    ],
  },
  {
    type: 'post_incident_review',
    title: 'Email outage on 3 March',
    service: 'collaboration-suite',
    owner: 'provider',
    steps: [
      'What happened: a connector change stopped inbound mail for 2 hours.',
      'What went well: the status page was updated in 10 minutes.',
      'Actions: peer review for connector changes.',
    ],
  },
  {
    type: 'post_incident_review',
    title: 'Ransomware alert on a sales laptop',
    service: 'security-monitoring',
    owner: 'provider',
    steps: [
      'What happened: EDR blocked an encryption attempt.',
      'Impact: one laptop rebuilt; no data lost.',
      'Actions: block macros from the internet.',
    ],
  },
  {
    type: 'post_incident_review',
    title: 'ERP slow after the vendor update',
    service: 'line-of-business-apps',
    owner: 'internal',
    steps: [
      'What happened: a missing index after the upgrade.',
      'Impact: order entry took minutes for a day.',
      'Actions: test upgrades on a copy first.',
    ],
  },
  {
    type: 'post_incident_review',
    title: 'Badge readers offline after a switch replacement',
    service: 'network',
    owner: 'provider',
    status: 'draft',
    steps: [
      'What happened: the readers’ VLAN was missing on the new switch.',
      'Impact: staff let in by reception for an hour.',
      'Actions: config backups before swaps.',
    ],
  },
  {
    type: 'how_to',
    title: 'Print from your own phone',
    service: 'help-desk',
    owner: 'internal',
    visibility: 'public',
    steps: [
      'Join the staff wifi.',
      'Install the printing app.',
      'Choose **Follow-me** and release at any printer.',
    ],
  },
  {
    type: 'runbook',
    title: 'Quarterly restore test of three critical systems',
    service: 'compliance-evidence',
    owner: 'provider',
    reviewInDays: -1,
    steps: [
      'Pick the three systems from the critical register.',
      'Restore each to the isolated network.',
      'Record the evidence on the obligation.',
    ],
  },
];

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The demo knowledge base for one workspace: articles with versions, linked to services and tickets. */
export async function seedDemoKnowledge(db: Database, workspaceId: string, people: KnowledgePeople) {
  await withScopedTx(db, { workspaceId, accountId: null }, async (tx: Tx) => {
    const serviceId = await serviceIdsByKey(tx, workspaceId);
    const resolved = await tx
      .select({ id: tickets.id, serviceId: tickets.serviceId })
      .from(tickets)
      .where(and(eq(tickets.workspaceId, workspaceId), inArray(tickets.status, ['resolved', 'closed'])))
      .limit(400);
    for (const [i, spec] of SPECS.entries()) {
      const sid = serviceId.get(spec.service);
      if (!sid) continue;
      const authors = spec.owner === 'internal' ? people.internalAuthors : people.providerAuthors;
      const author = authors[i % authors.length]!;
      const editor = authors[(i + 1) % authors.length]!;
      const status = spec.status ?? 'published';
      const visibility = spec.visibility ?? 'staff';
      const created = new Date(Date.now() - (200 - i * 4) * 86_400_000);
      const updated = new Date(created.getTime() + 20 * 86_400_000);
      const summary = spec.steps[0]!.replace(/\*\*/g, '');
      const first = `## Steps\n\n${spec.steps.map((s, n) => `${n + 1}. ${s}`).join('\n')}\n`;
      const body = `${first}\n## Notes\n\nAsk in the ${spec.owner === 'internal' ? 'Acme IT' : 'Northwind'} channel if a step does not match what you see.\n`;
      const number = await nextNumber(tx, workspaceId, 'article');
      const [article] = await tx
        .insert(articles)
        .values({
          workspaceId,
          number,
          type: spec.type,
          title: spec.title,
          summary,
          body,
          status,
          visibility,
          ownerPartyId: spec.owner === 'internal' ? people.internalPartyId : people.providerPartyId,
          reviewerMembershipId: authors[0]!,
          reviewDueOn: status === 'draft' ? null : day(spec.reviewInDays ?? 90 + (i % 5) * 30),
          createdByMembershipId: author,
          updatedByMembershipId: editor,
          createdAt: created,
          updatedAt: updated,
          publishedAt: status === 'draft' ? null : updated,
          version: 2,
        })
        .returning();
      const a = article!;
      await tx.insert(articleVersions).values([
        {
          workspaceId,
          articleId: a.id,
          version: 1,
          type: a.type,
          title: a.title,
          summary,
          body: first,
          status: 'draft',
          visibility,
          note: 'Created',
          editedByMembershipId: author,
          createdAt: created,
        },
        {
          workspaceId,
          articleId: a.id,
          version: 2,
          type: a.type,
          title: a.title,
          summary,
          body,
          status,
          visibility,
          note: 'Added notes',
          editedByMembershipId: editor,
          createdAt: updated,
        },
      ]);
      const links: Array<typeof articleLinks.$inferInsert> = [
        {
          workspaceId,
          articleId: a.id,
          kind: 'service',
          targetId: sid,
          createdByMembershipId: author,
          createdAt: created,
        },
      ];
      const ticket = resolved.filter((t) => t.serviceId === sid)[i % 3];
      if (ticket) {
        links.push({
          workspaceId,
          articleId: a.id,
          kind: 'ticket',
          targetId: ticket.id,
          createdByMembershipId: author,
          createdAt: created,
        });
      }
      await tx.insert(articleLinks).values(links);
    }
  });
}
