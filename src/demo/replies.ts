import { and, eq } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { macros } from '../db/schema/macros.ts';
import { cannedResponses } from '../db/schema/replies.ts';
import { services } from '../db/schema/responsibility.ts';
import { ticketTemplates } from '../db/schema/templates.ts';
import { withScopedTx } from '../db/tenant.ts';

/**
 * Acme's canned responses: three for the whole desk (from Alice) and one provider note (from Nora);
 * macros that use them, and ticket templates for what staff raise most.
 */
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
    const replies = await tx
      .insert(cannedResponses)
      .values([
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
      ])
      .returning({ id: cannedResponses.id, title: cannedResponses.title });
    const reply = (title: string) => replies.find((r) => r.title === title)!.id;
    const macro = (m: Partial<typeof macros.$inferInsert> & { title: string }) => ({
      workspaceId,
      partyId: null,
      createdByMembershipId: people.lead,
      ...m,
    });
    await tx.insert(macros).values([
      macro({
        title: 'Take it: in progress, mine, “We are on it”',
        status: 'in_progress',
        assign: 'me',
        cannedResponseId: reply('We are on it'),
        usageCount: 9,
      }),
      macro({
        title: 'Ask for a restart and wait',
        status: 'waiting_on_requester',
        cannedResponseId: reply('Please try a restart'),
        usageCount: 5,
      }),
      macro({
        title: 'Resolve and ask to confirm',
        status: 'resolved',
        cannedResponseId: reply('Resolved, please confirm'),
        usageCount: 3,
      }),
      macro({
        title: 'Hand to Northwind (their service)',
        assign: 'nobody',
        handoff: 'party',
        handoffPartyId: people.providerPartyId,
        handoffReason: 'Northwind is Responsible for this service on the map; over to you.',
        usageCount: 2,
      }),
      macro({
        title: 'Back to joint triage',
        partyId: people.providerPartyId,
        createdByMembershipId: people.providerLead,
        assign: 'nobody',
        handoff: 'triage',
        handoffReason: 'Not ours on the map: back to joint triage to route it.',
        cannedResponseId: reply('Checked on our side'),
      }),
    ]);
    const serviceId = async (key: string) =>
      (
        await tx
          .select({ id: services.id })
          .from(services)
          .where(and(eq(services.workspaceId, workspaceId), eq(services.key, key)))
      )[0]?.id ?? null;
    const template = (
      t: Partial<typeof ticketTemplates.$inferInsert> & { title: string; subject: string },
    ) => ({
      workspaceId,
      partyId: null,
      createdByMembershipId: people.lead,
      ...t,
    });
    await tx.insert(ticketTemplates).values([
      template({
        title: 'New starter',
        subject: 'New starter: accounts, laptop and phone',
        description: 'Name:\nJob title and team:\nStart date:\nManager:\nSystems needed:',
        serviceId: await serviceId('joiners-movers-leavers'),
        impact: 'low',
        urgency: 'medium',
        category: 'onboarding',
      }),
      template({
        title: 'Leaver',
        subject: 'Leaver: remove access and collect equipment',
        description: 'Name:\nLast working day:\nManager:\nEquipment to collect:\nMailbox to forward to:',
        serviceId: await serviceId('joiners-movers-leavers'),
        impact: 'medium',
        urgency: 'high',
        category: 'offboarding',
      }),
      template({
        title: 'Phishing report',
        subject: 'Suspicious email reported',
        description:
          'Reported by:\nSender address:\nSubject line:\nLinks clicked or attachments opened? (yes/no):',
        serviceId: await serviceId('security-monitoring'),
        impact: 'medium',
        urgency: 'high',
        category: 'security',
      }),
      template({
        title: 'Patch window',
        partyId: people.providerPartyId,
        createdByMembershipId: people.providerLead,
        subject: 'Monthly patch window',
        description: 'Window:\nServers in scope:\nRollback plan:',
        serviceId: await serviceId('patch-management'),
        impact: 'medium',
        urgency: 'low',
        category: 'maintenance',
      }),
    ]);
  });
}
