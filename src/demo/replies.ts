import type { Database } from '../db/client.ts';
import { cannedResponses } from '../db/schema/replies.ts';
import { withScopedTx } from '../db/tenant.ts';

/** Acme's canned responses: three for the whole desk (from Alice) and one provider note (from Nora). */
export async function seedDemoReplies(
  db: Database,
  workspaceId: string,
  people: { lead: string; providerLead: string; providerPartyId: string },
) {
  await withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const wide = (title: string, body: string, usageCount: number) => ({
      workspaceId,
      partyId: null,
      title,
      body,
      visibility: 'public' as const,
      usageCount,
      createdByMembershipId: people.lead,
    });
    await tx.insert(cannedResponses).values([
      wide(
        'We are on it',
        'Hi {{requester.firstName}},\n\nThanks for reporting this. {{ticket.key}} is with me now and I will update you here as soon as I know more.\n\n{{agent.firstName}}',
        12,
      ),
      wide(
        'Please try a restart',
        'Hi {{requester.firstName}},\n\nCould you restart the device and tell us here whether {{ticket.subject}} still happens?\n\n{{agent.firstName}}',
        7,
      ),
      wide(
        'Resolved, please confirm',
        'Hi {{requester.firstName}},\n\nWe believe {{ticket.key}} is fixed. If anything is still wrong, reply here and it reopens.\n\n{{agent.firstName}}',
        4,
      ),
      {
        workspaceId,
        partyId: people.providerPartyId,
        title: 'Checked on our side',
        body: 'Checked {{service.name}} on our side: no fault found in our systems.',
        visibility: 'staff' as const,
        usageCount: 2,
        createdByMembershipId: people.providerLead,
      },
    ]);
  });
}
