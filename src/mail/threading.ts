import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { mailMessages } from '../db/schema/mail.ts';
import { tickets } from '../db/schema/tickets.ts';
import { ownMessageDomain, threadSubject } from '../domain/mail.ts';
import type { ThreadMailInput } from '../jobs/mail.ts';

export type ThreadHeaders = { messageId: string; inReplyTo?: string; references?: string[] };

/** The ticket key a notification's link names (`/w/acme/tickets/ACME-12`), or null. */
export const ticketKeyOfLink = (link: string | null) =>
  /\/tickets\/([A-Za-z0-9]+-\d+)$/.exec(link ?? '')?.[1] ?? null;

/**
 * Threading for one outbound mail about a ticket: our own Message-ID (stable per delivery, kept so
 * a reply to it finds the ticket), In-Reply-To / References pointing at the ticket's thread (its
 * original e-mail when it came by mail), and `[KEY-n]` in the subject. Runs in the sender's
 * transaction (scoped to the workspace); null when the link names no ticket.
 */
export async function threadOutbound(
  tx: Tx,
  input: ThreadMailInput,
): Promise<{ subject: string; headers: ThreadHeaders } | null> {
  const key = ticketKeyOfLink(input.link);
  if (!key) return null;
  const number = Number(key.split('-').pop());
  const [ticket] = await tx
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, input.workspaceId), eq(tickets.number, number)));
  if (!ticket) return null;
  const messageId = `<${input.deliveryId}@${ownMessageDomain(input.publicUrl)}>`;
  const threaded = inArray(mailMessages.status, ['ticket', 'released', 'comment', 'sent']);
  const [root] = await tx
    .select({ messageId: mailMessages.messageId })
    .from(mailMessages)
    .where(and(eq(mailMessages.ticketId, ticket.id), threaded))
    .orderBy(asc(mailMessages.receivedAt))
    .limit(1);
  const recent = await tx
    .select({ messageId: mailMessages.messageId })
    .from(mailMessages)
    .where(and(eq(mailMessages.ticketId, ticket.id), threaded))
    .orderBy(desc(mailMessages.receivedAt))
    .limit(10);
  const references = [
    ...new Set([...(root ? [root.messageId] : []), ...recent.reverse().map((r) => r.messageId)]),
  ].filter((id) => id !== messageId);
  await tx
    .insert(mailMessages)
    .values({
      workspaceId: input.workspaceId,
      direction: 'outbound',
      messageId,
      fromAddress: null,
      subject: input.subject.slice(0, 300),
      status: 'sent',
      ticketId: ticket.id,
      reason: `to ${input.to}`,
    })
    .onConflictDoNothing();
  const last = references.at(-1);
  return {
    subject: threadSubject(key, input.subject),
    headers: { messageId, ...(last && { inReplyTo: last, references }) },
  };
}
