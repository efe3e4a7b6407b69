import { and, asc, eq } from 'drizzle-orm';
import { ticketAttachments, ticketComments } from '../../db/schema/tickets.ts';
import { withScopedTx } from '../../db/tenant.ts';
import { assertAttachment, storedFile } from '../../domain/attachments.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Invalid, NotFound } from '../../server/errors.ts';
import { findVisibleTicket, visibleComments } from '../queries.ts';
import { auditTicket, onVisibleTicket, scopeOf } from './common.ts';

export type UploadInput = {
  filename: string;
  contentType: string;
  bytes: Buffer;
  commentId?: string | undefined;
};

const summaryColumns = {
  id: ticketAttachments.id,
  commentId: ticketAttachments.commentId,
  filename: ticketAttachments.filename,
  contentType: ticketAttachments.contentType,
  sizeBytes: ticketAttachments.sizeBytes,
  createdAt: ticketAttachments.createdAt,
};

/** A file on a ticket (or one of its comments), checked against its declared type and kept in the database. */
export async function uploadAttachment(ctx: WorkspaceContext, number: number, input: UploadInput) {
  assertAttachment(input.contentType, input.bytes);
  return onVisibleTicket(ctx, number, 'comment', async (tx, ticket) => {
    if (input.commentId) {
      const [comment] = await tx
        .select({ id: ticketComments.id })
        .from(ticketComments)
        .where(
          and(
            eq(ticketComments.id, input.commentId),
            eq(ticketComments.ticketId, ticket.id),
            visibleComments(ctx.actor),
          ),
        );
      if (!comment)
        throw new Invalid(
          'commentId names no comment of this ticket that you can see.',
          'querystring.commentId',
        );
    }
    const [row] = await tx
      .insert(ticketAttachments)
      .values({
        workspaceId: ctx.actor.workspaceId,
        ticketId: ticket.id,
        commentId: input.commentId ?? null,
        uploadedByMembershipId: ctx.actor.membershipId,
        ...storedFile(input),
      })
      .returning(summaryColumns);
    await auditTicket(tx, ctx, 'ticket.attachment_added', ticket.id, undefined, {
      ...row,
      content: undefined,
    });
    return row!;
  });
}

/** Attachments of the ticket the reader may see (files on hidden comments stay hidden). */
export async function listAttachments(ctx: WorkspaceContext, number: number) {
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const ticket = await findVisibleTicket(tx, ctx.actor, number);
    const rows = await tx
      .select({ ...summaryColumns, commentVisible: ticketComments.id })
      .from(ticketAttachments)
      .leftJoin(
        ticketComments,
        and(eq(ticketComments.id, ticketAttachments.commentId), visibleComments(ctx.actor)),
      )
      .where(eq(ticketAttachments.ticketId, ticket.id))
      .orderBy(asc(ticketAttachments.createdAt));
    return rows
      .filter((r) => r.commentId === null || r.commentVisible !== null)
      .map(({ commentVisible: _v, ...r }) => r);
  });
}

export async function downloadAttachment(ctx: WorkspaceContext, number: number, attachmentId: string) {
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const ticket = await findVisibleTicket(tx, ctx.actor, number);
    const [row] = await tx
      .select({ attachment: ticketAttachments, commentVisible: ticketComments.id })
      .from(ticketAttachments)
      .leftJoin(
        ticketComments,
        and(eq(ticketComments.id, ticketAttachments.commentId), visibleComments(ctx.actor)),
      )
      .where(and(eq(ticketAttachments.id, attachmentId), eq(ticketAttachments.ticketId, ticket.id)));
    if (!row || (row.attachment.commentId !== null && row.commentVisible === null))
      throw new NotFound('No such attachment.');
    return row.attachment;
  });
}
