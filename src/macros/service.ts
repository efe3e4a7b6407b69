import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { type Macro, macros } from '../db/schema/macros.ts';
import { cannedResponses } from '../db/schema/replies.ts';
import { parties } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { type MacroEffects, macroNeeds, macroProblems, macroRunsOn } from '../domain/macros.ts';
import { type RecipientSelector, ticketAudience } from '../domain/notifications.ts';
import { notify } from '../notifications/notify.ts';
import {
  type TicketEvent,
  type TicketLike,
  type TicketNotifySink,
  ticketNotice,
} from '../notifications/ticket-events.ts';
import { fillCannedResponse } from '../replies/service.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { AppError, Conflict, Forbidden, Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { canTicket } from '../tickets/policy.ts';
import { findVisibleTicket } from '../tickets/queries.ts';
import { applyComment } from '../tickets/service/conversation.ts';
import { applyHandOff, applyTicketUpdate } from '../tickets/service/update-ticket.ts';
import { checkWorkspaceParty } from '../workspaces/party-check.ts';
import type { CreateMacroInput, UpdateMacroInput } from './contract.ts';
import { assertCanMacro, canSeeMacro } from './policy.ts';
import type { MacroNames } from './presenter.ts';

const audit = auditorFor('macro');
const auditTicketChange = auditorFor('ticket');

export type MacroWithNames = { macro: Macro; names: MacroNames };

const effectsOf = (m: Partial<MacroEffects>): MacroEffects => ({
  status: m.status ?? null,
  assign: m.assign ?? null,
  handoff: m.handoff ?? null,
  handoffPartyId: m.handoffPartyId ?? null,
  handoffReason: m.handoffReason ?? null,
  cannedResponseId: m.cannedResponseId ?? null,
});

/** One the actor may see; another party's or another workspace's answers 404 like a missing one. */
async function findVisible(tx: Tx, ctx: WorkspaceContext, id: string): Promise<Macro> {
  const [row] = await tx
    .select()
    .from(macros)
    .where(and(eq(macros.id, id), eq(macros.workspaceId, ctx.actor.workspaceId)));
  if (!row || !canSeeMacro(ctx.actor, row)) throw new NotFound('No such macro.');
  return row;
}

/** The party and canned-response names the macros show (one query each, never per row). */
async function namesFor(tx: Tx, ctx: WorkspaceContext, rows: Macro[]): Promise<MacroWithNames[]> {
  const partyIds = [...new Set(rows.flatMap((r) => (r.handoffPartyId ? [r.handoffPartyId] : [])))];
  const cannedIds = [...new Set(rows.flatMap((r) => (r.cannedResponseId ? [r.cannedResponseId] : [])))];
  const partyNames = partyIds.length
    ? await tx
        .select({ id: parties.id, name: parties.name })
        .from(parties)
        .where(and(eq(parties.workspaceId, ctx.actor.workspaceId), inArray(parties.id, partyIds)))
    : [];
  const cannedTitles = cannedIds.length
    ? await tx
        .select({ id: cannedResponses.id, title: cannedResponses.title })
        .from(cannedResponses)
        .where(
          and(eq(cannedResponses.workspaceId, ctx.actor.workspaceId), inArray(cannedResponses.id, cannedIds)),
        )
    : [];
  return rows.map((macro) => ({
    macro,
    names: {
      partyName: partyNames.find((p) => p.id === macro.handoffPartyId)?.name ?? null,
      cannedTitle: cannedTitles.find((c) => c.id === macro.cannedResponseId)?.title ?? null,
    },
  }));
}

/** The effects must be consistent, the party this workspace's, the reply one the macro's users see. */
async function checkEffects(tx: Tx, ctx: WorkspaceContext, effects: MacroEffects, partyId: string | null) {
  const [problem] = macroProblems(effects);
  if (problem)
    throw new Invalid(`${problem[0].replace(/^body\.?/, '') || 'macro'}: ${problem[1]}.`, problem[0]);
  if (effects.handoffPartyId)
    await checkWorkspaceParty(
      tx,
      ctx.actor.workspaceId,
      effects.handoffPartyId,
      'body.handoffPartyId',
      'handoffPartyId names no party of this workspace.',
    );
  if (effects.cannedResponseId) {
    const [canned] = await tx
      .select({ partyId: cannedResponses.partyId })
      .from(cannedResponses)
      .where(
        and(
          eq(cannedResponses.id, effects.cannedResponseId),
          eq(cannedResponses.workspaceId, ctx.actor.workspaceId),
        ),
      );
    // A workspace-wide macro may add only a workspace-wide reply (every user of it must see the reply).
    if (!canned || (canned.partyId !== null && canned.partyId !== partyId))
      throw new Invalid(
        partyId === null
          ? 'cannedResponseId: a workspace-wide macro adds only a workspace-wide canned response.'
          : 'cannedResponseId names no canned response you can use.',
        'body.cannedResponseId',
      );
  }
}

/** The macros the actor may apply, most used first. */
export async function listMacros(ctx: WorkspaceContext) {
  assertCanMacro(ctx.actor, 'list');
  const partyId = ctx.actor.partyId;
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const rows = await tx
      .select()
      .from(macros)
      .where(
        and(
          eq(macros.workspaceId, ctx.actor.workspaceId),
          or(isNull(macros.partyId), partyId ? eq(macros.partyId, partyId) : undefined),
        ),
      )
      .orderBy(sql`${macros.usageCount} desc`, asc(macros.title))
      .limit(200);
    return namesFor(tx, ctx, rows);
  });
}

export async function createMacro(ctx: WorkspaceContext, input: CreateMacroInput) {
  const partyId = input.scope === 'workspace' ? null : ctx.actor.partyId;
  assertCanMacro(ctx.actor, 'create', { partyId });
  const effects = effectsOf(input);
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      await checkEffects(tx, ctx, effects, partyId);
      const [row] = await tx
        .insert(macros)
        .values({
          workspaceId: ctx.actor.workspaceId,
          partyId,
          title: input.title,
          ...effects,
          status: input.status ?? null,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      await audit(tx, ctx, 'macro.created', row!.id, undefined, { title: input.title, partyId, ...effects });
      return (await namesFor(tx, ctx, [row!]))[0]!;
    },
    ctx.meta,
  );
}

export async function updateMacro(ctx: WorkspaceContext, id: string, input: UpdateMacroInput) {
  assertCanMacro(ctx.actor, 'update');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findVisible(tx, ctx, id);
    assertCanMacro(ctx.actor, 'update', before);
    const { version, ...change } = input;
    const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    const effects = effectsOf({ ...before, ...defined } as Partial<MacroEffects>);
    await checkEffects(tx, ctx, effects, before.partyId);
    const [after] = await tx
      .update(macros)
      .set({ ...defined, updatedAt: new Date(), version: before.version + 1 })
      .where(and(eq(macros.id, id), eq(macros.version, version)))
      .returning();
    if (!after) throw new StaleVersion('macro', before.version);
    await audit(tx, ctx, 'macro.updated', id, before, defined);
    return (await namesFor(tx, ctx, [after]))[0]!;
  });
}

export async function deleteMacro(ctx: WorkspaceContext, id: string) {
  assertCanMacro(ctx.actor, 'delete');
  await withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const before = await findVisible(tx, ctx, id);
    assertCanMacro(ctx.actor, 'delete', before);
    await tx.delete(macros).where(eq(macros.id, id));
    await audit(tx, ctx, 'macro.deleted', id, before);
  });
}

const RIGHT_WORDS: Record<ReturnType<typeof macroNeeds>[number], string> = {
  update: 'change the ticket’s status',
  assign: 'assign the ticket',
  comment: 'reply on the ticket',
  commentInternal: 'write a note the requester does not see',
  handOff: 'hand the ticket to another party',
};

/**
 * Applies a macro to a ticket in one transaction: status and assignee, then the filled canned
 * reply, then the handoff. Every right is checked before anything is written; a refused step
 * rolls back the earlier ones. The steps' audit events are folded into ONE event naming the macro.
 */
export async function applyMacro(
  ctx: WorkspaceContext,
  id: string,
  ticketNumber: number,
  version: number | undefined,
) {
  assertCanMacro(ctx.actor, 'apply');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { actor } = ctx;
      const macro = await findVisible(tx, ctx, id);
      assertCanMacro(actor, 'apply', macro);
      const ticket = await findVisibleTicket(tx, actor, ticketNumber);
      if (version !== undefined && version !== ticket.version)
        throw new StaleVersion('ticket', ticket.version);
      if (!macroRunsOn(macro, ticket.status))
        throw new Conflict(
          `The ticket is closed and the macro “${macro.title}” does not reopen it: reopen the ticket (status in progress) first, or use a macro that does; nothing was changed.`,
          'TICKET_CLOSED',
        );
      const [{ names }] = (await namesFor(tx, ctx, [macro])) as [MacroWithNames];
      const [canned] = macro.cannedResponseId
        ? await tx
            .select({ visibility: cannedResponses.visibility })
            .from(cannedResponses)
            .where(eq(cannedResponses.id, macro.cannedResponseId))
        : [];
      for (const right of macroNeeds(effectsOf(macro), canned?.visibility ?? null)) {
        if (!canTicket(actor, right, ticket))
          throw new Forbidden(
            `The macro “${macro.title}” needs the right to ${RIGHT_WORDS[right]}, which you do not have here; nothing was changed.`,
            'MACRO_STEP_NOT_ALLOWED',
          );
      }
      const steps: Array<{ action: string; before: unknown; after: unknown }> = [];
      const collect = async (
        _tx: Tx,
        _ctx: unknown,
        action: string,
        _id: string,
        b?: unknown,
        a?: unknown,
      ) => {
        steps.push({ action, before: b, after: a });
      };
      // The steps' notifications are collected and sent as ONE summary after the last step.
      const notices: Notice[] = [];
      const hold: TicketNotifySink = async (_tx, _ctx, event, t, detail) => {
        notices.push({ event, ticket: t, body: detail?.body ?? '', dedupeSuffix: detail?.dedupeSuffix });
      };
      const words: string[] = [];
      try {
        const status = macro.status && macro.status !== ticket.status ? macro.status : undefined;
        const wanted =
          macro.assign === 'me' ? actor.membershipId : macro.assign === 'nobody' ? null : undefined;
        const assignee = wanted === ticket.assigneeMembershipId ? undefined : wanted;
        if (status !== undefined || assignee !== undefined) {
          await applyTicketUpdate(
            tx,
            ctx,
            ticketNumber,
            { version: ticket.version, status, assigneeMembershipId: assignee },
            collect,
            hold,
          );
          if (status) words.push(`Status set to ${status.replace(/_/g, ' ')}`);
          if (assignee !== undefined) words.push(assignee ? 'Assigned to you' : 'Unassigned');
        }
        if (macro.cannedResponseId && canned) {
          const filled = await fillCannedResponse(tx, ctx, macro.cannedResponseId, ticketNumber);
          await applyComment(
            tx,
            ctx,
            ticketNumber,
            { body: filled.body, visibility: filled.visibility },
            collect,
            hold,
          );
          words.push(`Reply “${filled.title}” added`);
        }
        if (macro.handoff) {
          const toPartyId = macro.handoff === 'party' ? macro.handoffPartyId : null;
          await applyHandOff(
            tx,
            ctx,
            ticketNumber,
            { toPartyId, reason: macro.handoffReason ?? '' },
            collect,
            hold,
          );
          words.push(
            `Handed off to ${macro.handoff === 'party' ? (names.partyName ?? 'another party') : 'joint triage'}`,
          );
        }
      } catch (error) {
        if (error instanceof AppError)
          throw new AppError(
            error.statusCode,
            error.code,
            `The macro “${macro.title}” could not be applied, nothing was changed: ${error.message}`,
            error.details,
          );
        throw error;
      }
      await tx
        .update(macros)
        .set({ usageCount: sql`${macros.usageCount} + 1` })
        .where(eq(macros.id, macro.id));
      await auditTicketChange(tx, ctx, 'ticket.macro_applied', ticket.id, undefined, {
        macro: { id: macro.id, title: macro.title },
        steps,
      });
      const after = await findVisibleTicket(tx, actor, ticketNumber).catch(() => null);
      await notifyMacroApplied(tx, ctx, macro.title, after ?? ticket, notices, words);
      return {
        ticket: {
          key: `${actor.ticketPrefix}-${ticket.number}`,
          version: after?.version ?? ticket.version + 1,
        },
        macro: { id: macro.id, title: macro.title },
        steps: words,
      };
    },
    ctx.meta,
  );
}

type Notice = { event: TicketEvent; ticket: TicketLike; body: string; dedupeSuffix?: string | undefined };

/** What a person hears first when a macro did several things (a reply reaches the requester). */
const EVENT_ORDER: TicketEvent[] = [
  'ticket.commented',
  'ticket.resolved',
  'ticket.handed_off',
  'ticket.assigned',
];

/**
 * One notification for the whole macro: everyone any step would have notified (each step's
 * audience, ticketAudience) gets one message listing what changed. Its event is the step that
 * matters most to them (a public reply first, so the requester's reply preference applies), its
 * body the public reply, if any, then the steps. A handoff's reason stays on the ticket: the
 * requester may be among the recipients.
 */
async function notifyMacroApplied(
  tx: Tx,
  ctx: WorkspaceContext,
  title: string,
  ticket: TicketLike & { id: string },
  notices: Notice[],
  words: string[],
) {
  if (notices.length === 0) return;
  const event = EVENT_ORDER.find((e) => notices.some((n) => n.event === e))!;
  const recipients = new Map<string, RecipientSelector>();
  for (const n of notices)
    for (const r of ticketAudience(n.event, n.ticket)) recipients.set(JSON.stringify(r), r);
  const reply = notices.find((n) => n.event === 'ticket.commented');
  const { key, link, summary } = ticketNotice(ctx, ticket);
  await notify(tx, ctx, {
    event,
    recipients: [...recipients.values()],
    subject: `${key} ${ticket.subject}: ${words.join('; ')}`,
    body: [reply?.body, `Macro “${title}”: ${words.join('; ')}.`].filter(Boolean).join('\n\n'),
    link,
    // A reply leaves the ticket's version as it was: its comment tells two reply-only macros apart.
    dedupeKey: `${event}:${ticket.id}:macro:${ticket.version}${reply?.dedupeSuffix ? `:${reply.dedupeSuffix}` : ''}`,
    data: { ticket: summary, macro: { title, steps: words } },
  });
}
