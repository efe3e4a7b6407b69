import { and, desc, eq, getTableColumns, sql } from 'drizzle-orm';
import { simpleParser } from 'mailparser';
import { auditorFor } from '../../audit/record.ts';
import type { Tx } from '../../db/client.ts';
import { type MailMessageStatus, mailChannels, mailMessages } from '../../db/schema/mail.ts';
import { tickets } from '../../db/schema/tickets.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { cleanSubject } from '../../domain/mail.ts';
import { inTransaction, type WorkspaceContext } from '../../server/context.ts';
import { Conflict, NotFound } from '../../server/errors.ts';
import { createTicket } from '../../tickets/service/create-ticket.ts';
import { assertCanMail } from '../policy.ts';
import type { MessageRow } from '../presenter.ts';
import { attach, bodyText, joinSender } from '../process.ts';

const audit = auditorFor('mail_message');
const { raw: _raw, ...summary } = getTableColumns(mailMessages);

const selectMessages = (tx: Tx) =>
  tx
    .select({ ...summary, ticketNumber: tickets.number })
    .from(mailMessages)
    .leftJoin(tickets, eq(tickets.id, mailMessages.ticketId));

/** The latest inbound e-mail and what became of each (received, ticket, comment, dropped, failed …). */
export async function listEvents(
  ctx: WorkspaceContext,
  query: { status?: MailMessageStatus | undefined; limit: number },
): Promise<MessageRow[]> {
  assertCanMail(ctx.actor, query.status === 'quarantined' ? 'quarantine' : 'view');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    selectMessages(tx)
      .where(
        and(
          eq(mailMessages.workspaceId, ws),
          eq(mailMessages.direction, 'inbound'),
          query.status ? eq(mailMessages.status, query.status) : undefined,
        ),
      )
      .orderBy(desc(mailMessages.receivedAt))
      .limit(query.limit),
  );
}

async function quarantined(tx: Tx, ws: string, id: string) {
  const [message] = await tx
    .select()
    .from(mailMessages)
    .where(
      and(eq(mailMessages.id, id), eq(mailMessages.workspaceId, ws), eq(mailMessages.direction, 'inbound')),
    );
  if (!message) throw new NotFound('No such e-mail.');
  if (message.status !== 'quarantined')
    throw new Conflict(`This e-mail is not in quarantine (it is ${message.status}).`, 'MAIL_NOT_QUARANTINED');
  return message;
}

async function reload(tx: Tx, id: string) {
  const [row] = await selectMessages(tx).where(eq(mailMessages.id, id));
  return row!;
}

/**
 * A lead lets a quarantined sender in: they join as a requester (an account without a password
 * when they have none) and their e-mail becomes a ticket on the channel's catalogue item, in one
 * transaction with the decision.
 */
export async function releaseMessage(ctx: WorkspaceContext, id: string) {
  assertCanMail(ctx.actor, 'quarantine');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const message = await quarantined(tx, ws, id);
      const [channel] = await tx.select().from(mailChannels).where(eq(mailChannels.id, message.channelId!));
      const parsed = await simpleParser(message.raw ? Buffer.from(message.raw) : Buffer.alloc(0));
      const sender = await joinSender(
        tx,
        ws,
        message.fromAddress!,
        parsed.from?.value?.[0]?.name,
        ctx.meta.requestId ?? 'mail:release',
      );
      const senderCtx = { ...inTransaction(ctx, tx), actor: sender };
      const ticket = await createTicket(senderCtx, {
        catalogueItemId: channel!.catalogueItemId,
        subject: cleanSubject(parsed.subject ?? ''),
        description: (bodyText(parsed) || '(the e-mail had no text)').slice(0, 20_000),
        category: 'email',
      });
      // Its attachments as for any mailed request: through the upload checks, a refused one noted.
      const notes = await attach(senderCtx, ticket.number, parsed);
      await tx.execute(
        // Back to the lead's own scope for the decision and its audit event.
        sql`select set_config('app.workspace_id', ${ws}, true), set_config('app.account_id', ${ctx.actor.accountId}, true)`,
      );
      await tx
        .update(mailMessages)
        .set({
          status: 'released',
          ticketId: ticket.id,
          notes,
          decidedByMembershipId: ctx.actor.membershipId,
          processedAt: new Date(),
        })
        .where(eq(mailMessages.id, id));
      await audit(
        tx,
        ctx,
        'mail.released',
        id,
        { status: 'quarantined' },
        {
          status: 'released',
          ticketId: ticket.id,
          requesterMembershipId: sender.membershipId,
        },
      );
      return reload(tx, id);
    },
    ctx.meta,
  );
}

/** A lead refuses a quarantined e-mail: nothing is created; the message and the reason are kept. */
export async function rejectMessage(ctx: WorkspaceContext, id: string, reason: string | undefined) {
  assertCanMail(ctx.actor, 'quarantine');
  const ws = ctx.actor.workspaceId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    await quarantined(tx, ws, id);
    await tx
      .update(mailMessages)
      .set({
        status: 'rejected',
        reason: reason || 'Rejected by a lead.',
        decidedByMembershipId: ctx.actor.membershipId,
        processedAt: new Date(),
      })
      .where(eq(mailMessages.id, id));
    await audit(tx, ctx, 'mail.rejected', id, { status: 'quarantined' }, { status: 'rejected', reason });
    return reload(tx, id);
  });
}
