import { and, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { type ParsedMail, simpleParser } from 'mailparser';
import type { Logger } from 'pino';
import { appendDeferredAudits, recordAudit } from '../audit/record.ts';
import type { Database, Tx } from '../db/client.ts';
import { withDeferredWrites } from '../db/deferred.ts';
import type { Lookups } from '../db/lookups.ts';
import { accounts } from '../db/schema/accounts.ts';
import { type MailChannel, type MailMessage, mailChannels, mailMessages } from '../db/schema/mail.ts';
import { tickets } from '../db/schema/tickets.ts';
import { memberships, workspaces } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import {
  automaticReason,
  cleanSubject,
  normaliseAddress,
  ownMessageDomain,
  referencedIds,
  stripQuotedHistory,
  ticketNumberInSubject,
} from '../domain/mail.ts';
import type { JobPayloads, Jobs, QueuedJob } from '../jobs/queue.ts';
import { systemMeta, type WorkspaceContext } from '../server/context.ts';
import { AppError } from '../server/errors.ts';
import { joinByDomain, workspacesForDomain } from '../sso/domain-rules.ts';
import { uploadAttachment } from '../tickets/service/attachments.ts';
import { applyComment } from '../tickets/service/conversation.ts';
import { createTicket } from '../tickets/service/create-ticket.ts';
import { memberActor } from '../workspaces/queries.ts';

export type MailDeps = {
  db: Database;
  jobs: Jobs;
  publicUrl: string;
  logger?: Logger | undefined;
  /** Inside a batch (processMailTogether): the reference data its tickets share, read once. */
  lookups?: Lookups | undefined;
};

const DESCRIPTION_MAX = 20_000;

type Outcome = {
  status: MailMessage['status'];
  reason: string | null;
  ticketId?: string | null;
  commentId?: string | null;
  notes?: string[];
};

/**
 * The active member of this workspace with this e-mail address, if any. A batch remembers the
 * members it found (a burst of mail comes from few senders); never a miss, since a sender may join.
 */
async function memberByEmail(tx: Tx, workspaceId: string, email: string, lookups?: Lookups) {
  const key = `mail-sender:${workspaceId}:${email}`;
  const known = lookups?.get(key) as Promise<WorkspaceActor | null> | undefined;
  if (known) return known;
  const found = await findMemberByEmail(tx, workspaceId, email);
  if (found) lookups?.set(key, Promise.resolve(found));
  return found;
}

async function findMemberByEmail(tx: Tx, workspaceId: string, email: string) {
  const [row] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(
        eq(memberships.workspaceId, workspaceId),
        sql`lower(${accounts.email}) = ${email}`,
        eq(memberships.status, 'active'),
      ),
    );
  return row ? memberActor(tx, workspaceId, row.id) : null;
}

const headerText =
  (parsed: ParsedMail) =>
  (name: string): string | undefined => {
    const value = parsed.headers.get(name);
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'object' && 'value' in value) return String((value as { value: unknown }).value);
    return String(value);
  };

/** Why a parsed message is not a usable e-mail (malformed MIME), or null. */
function malformedReason(raw: Buffer, parsed: ParsedMail): string | null {
  if (parsed.headers.size === 0) return 'no message header (not a MIME message)';
  const type = parsed.headers.get('content-type') as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  if (type?.value?.toLowerCase().startsWith('multipart/') && !type.params?.boundary)
    return 'a multipart message without a boundary';
  if (!parsed.from?.value?.[0]?.address) return 'no From address';
  if (raw.length > 0 && !/\r?\n\r?\n/.test(raw.subarray(0, 256 * 1024).toString('latin1')))
    return 'no blank line between header and body';
  return null;
}

export const bodyText = (parsed: ParsedMail) => {
  // mailparser turns an HTML-only body into text (html-to-text); the HTML itself is never kept.
  const text = parsed.text ?? '';
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
};

/** The ticket a reply belongs to: a Message-ID it refers to (ours or an earlier mail), or `[KEY-n]`. */
async function replyTarget(tx: Tx, workspaceId: string, prefix: string, parsed: ParsedMail) {
  const ids = referencedIds(headerText(parsed)('in-reply-to'), parsed.references);
  if (ids.length > 0) {
    const [known] = await tx
      .select({ ticketId: mailMessages.ticketId })
      .from(mailMessages)
      .where(
        and(
          eq(mailMessages.workspaceId, workspaceId),
          inArray(mailMessages.messageId, ids.slice(-50)),
          isNotNull(mailMessages.ticketId),
        ),
      )
      .limit(1);
    if (known?.ticketId) {
      const [ticket] = await tx
        .select({ id: tickets.id, number: tickets.number })
        .from(tickets)
        .where(eq(tickets.id, known.ticketId));
      if (ticket) return ticket;
    }
  }
  const number = ticketNumberInSubject(parsed.subject ?? '', prefix);
  if (number === null) return null;
  const [ticket] = await tx
    .select({ id: tickets.id, number: tickets.number })
    .from(tickets)
    .where(and(eq(tickets.workspaceId, workspaceId), eq(tickets.number, number)));
  return ticket ?? null;
}

/** Attachments through the same checks as uploads; a refused one is noted, the rest kept. */
export async function attach(ctx: WorkspaceContext, number: number, parsed: ParsedMail, commentId?: string) {
  const notes: string[] = [];
  for (const a of parsed.attachments) {
    const filename = a.filename ?? 'attachment';
    try {
      await uploadAttachment(ctx, number, {
        filename,
        contentType: a.contentType || 'application/octet-stream',
        bytes: a.content,
        commentId,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      notes.push(`Attachment ${filename} refused: ${error.message}`);
    }
  }
  return notes;
}

async function newTicket(
  tx: Tx,
  deps: MailDeps,
  channel: MailChannel,
  actor: WorkspaceActor,
  parsed: ParsedMail,
  message: MailMessage,
): Promise<Outcome> {
  const ctx: WorkspaceContext = {
    db: tx,
    actor,
    meta: systemMeta(`mail:${message.id}`),
    jobs: deps.jobs,
    lookups: deps.lookups,
  };
  const text = bodyText(parsed);
  const ticket = await createTicket(ctx, {
    catalogueItemId: channel.catalogueItemId,
    subject: cleanSubject(parsed.subject ?? ''),
    description: (text || '(the e-mail had no text)').slice(0, DESCRIPTION_MAX),
    category: 'email',
  });
  const notes = await attach(ctx, ticket.number, parsed);
  return { status: 'ticket', reason: null, ticketId: ticket.id, notes };
}

async function reply(
  tx: Tx,
  deps: MailDeps,
  actor: WorkspaceActor | null,
  target: { id: string; number: number },
  parsed: ParsedMail,
  message: MailMessage,
): Promise<Outcome> {
  const key = `${actor?.ticketPrefix ?? ''}-${target.number}`;
  if (!actor)
    return {
      status: 'dropped',
      reason: `A reply to ticket ${target.number} from ${message.fromAddress}, who is not a member of this workspace.`,
      ticketId: target.id,
    };
  const text = stripQuotedHistory(bodyText(parsed));
  if (!text && parsed.attachments.length === 0)
    return { status: 'dropped', reason: `A reply to ${key} with no new text.`, ticketId: target.id };
  const ctx: WorkspaceContext = { db: tx, actor, meta: systemMeta(`mail:${message.id}`), jobs: deps.jobs };
  try {
    const comment = await withScopedTx(
      tx as unknown as Database,
      { workspaceId: actor.workspaceId, accountId: actor.accountId },
      (inner) =>
        applyComment(inner, ctx, target.number, {
          body: (text || '(attachments only)').slice(0, DESCRIPTION_MAX),
          visibility: 'public',
        }),
    );
    const notes = await attach(ctx, target.number, parsed, comment.id);
    return { status: 'comment', reason: null, ticketId: target.id, commentId: comment.id, notes };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      status: 'dropped',
      reason: `${message.fromAddress} may not reply on ${key}: ${error.message}`,
      ticketId: target.id,
    };
  }
}

type Loaded = { message: MailMessage; channel: MailChannel; prefix: string };

/** The still-queued messages among these, with their channels and the workspace's ticket prefix, in one read. */
async function loadMessages(db: Database, workspaceId: string, ids: string[]): Promise<Loaded[]> {
  return withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    const messages = await tx
      .select()
      .from(mailMessages)
      .where(
        and(
          eq(mailMessages.workspaceId, workspaceId),
          inArray(mailMessages.id, ids),
          eq(mailMessages.status, 'queued'),
          isNotNull(mailMessages.channelId),
        ),
      );
    if (messages.length === 0) return [];
    const channelIds = [...new Set(messages.map((m) => m.channelId!))];
    const channels = await tx
      .select()
      .from(mailChannels)
      .where(and(eq(mailChannels.workspaceId, workspaceId), inArray(mailChannels.id, channelIds)));
    const [workspace] = await tx
      .select({ ticketPrefix: workspaces.ticketPrefix })
      .from(workspaces)
      .where(eq(workspaces.id, workspaceId));
    const byId = new Map(channels.map((c) => [c.id, c]));
    // In the order they were received, so a reply stored with its original finds the ticket.
    const order = new Map(ids.map((id, i) => [id, i]));
    return messages
      .sort((a, b) => order.get(a.id)! - order.get(b.id)!)
      .map((message) => ({
        message,
        channel: byId.get(message.channelId!)!,
        prefix: workspace!.ticketPrefix,
      }));
  });
}

async function record(
  tx: Tx,
  message: MailMessage,
  outcome: Outcome,
  extra: { fromAddress?: string | null; subject?: string | null } = {},
) {
  await tx
    .update(mailMessages)
    .set({
      status: outcome.status,
      reason: outcome.reason?.slice(0, 1000) ?? null,
      ticketId: outcome.ticketId ?? null,
      commentId: outcome.commentId ?? null,
      notes: outcome.notes ?? [],
      processedAt: new Date(),
      ...extra,
    })
    .where(eq(mailMessages.id, message.id));
  if (outcome.status === 'failed') {
    await tx
      .update(mailChannels)
      .set({ lastError: outcome.reason?.slice(0, 500) ?? null, lastErrorAt: new Date() })
      .where(eq(mailChannels.id, message.channelId!));
  }
  await recordAudit(tx, systemMeta(`mail:${message.id}`), {
    workspaceId: message.workspaceId,
    actorAccountId: null,
    actorMembershipId: null,
    action: `mail.${outcome.status}`,
    entityType: 'mail_message',
    entityId: message.id,
    after: {
      reason: outcome.reason,
      ticketId: outcome.ticketId ?? null,
      commentId: outcome.commentId ?? null,
    },
  });
}

/** A message's fate decided without the database, or what it needs to become a ticket or comment. */
type Examined =
  | { done: Outcome; facts?: { fromAddress: string | null; subject: string | null } }
  | {
      done: null;
      parsed: ParsedMail;
      from: string;
      facts: { fromAddress: string | null; subject: string | null };
    };

/** Parses a message and sorts out malformed MIME and automatic mail (loops, bounces, auto-replies). */
async function examine(deps: MailDeps, message: MailMessage): Promise<Examined> {
  // PGlite hands bytea back as a Uint8Array: the parser wants a Buffer.
  const raw = message.raw ? Buffer.from(message.raw) : Buffer.alloc(0);
  let parsed: ParsedMail;
  try {
    parsed = await simpleParser(raw, { skipImageLinks: true });
  } catch (error) {
    const reason = `Malformed MIME: ${error instanceof Error ? error.message : String(error)}`;
    return { done: { status: 'failed', reason } };
  }
  const malformed = malformedReason(raw, parsed);
  if (malformed) return { done: { status: 'failed', reason: `Malformed MIME: ${malformed}` } };
  const from = normaliseAddress(parsed.from?.value?.[0]?.address);
  const facts = { fromAddress: from, subject: parsed.subject?.slice(0, 300) ?? null };
  const automatic = automaticReason({
    headers: headerText(parsed),
    from,
    contentType: (parsed.headers.get('content-type') as { value?: string } | undefined)?.value,
    messageId: message.messageId,
    ownDomain: ownMessageDomain(deps.publicUrl),
  });
  if (automatic) return { done: { status: 'dropped', reason: `Automatic mail: ${automatic}` }, facts };
  return { done: null, parsed, from: from!, facts };
}

/** A reply becomes a comment; a new message a ticket from a member or someone a domain rule lets join. */
async function work(
  tx: Tx,
  deps: MailDeps,
  { message, channel, prefix }: Loaded,
  parsed: ParsedMail,
  from: string,
): Promise<Outcome> {
  const { workspaceId } = message;
  const sender = await memberByEmail(tx, workspaceId, from, deps.lookups);
  const target = await replyTarget(tx, workspaceId, prefix, parsed);
  if (target) return reply(tx, deps, sender, target, parsed, message);
  if (channel.status !== 'active')
    return { status: 'dropped', reason: 'The channel was disabled before this message was processed.' };
  let actor = sender;
  if (!actor) {
    const open = await workspacesForDomain(tx, from);
    if (!open.includes(workspaceId))
      return {
        status: 'quarantined',
        reason: `${from} is not a member of this workspace; a lead may release or reject it.`,
      };
    actor = await joinSender(tx, workspaceId, from, parsed.from?.value?.[0]?.name, `mail:${message.id}`);
  }
  return newTicket(tx, deps, channel, actor, parsed, message);
}

/** At most this many messages are worked in one transaction. */
const TOGETHER_MAX = 50;

/**
 * Works the stored e-mail of several `mail.process` jobs (one fetch of the queue): per workspace, in
 * the order received, up to TOGETHER_MAX messages a transaction.
 */
export async function processMailJobs(deps: MailDeps, payloads: JobPayloads['mail.process'][]) {
  const byWorkspace = new Map<string, string[]>();
  for (const payload of payloads) {
    const ids = 'messageIds' in payload ? payload.messageIds : [payload.messageId];
    byWorkspace.set(payload.workspaceId, [...(byWorkspace.get(payload.workspaceId) ?? []), ...ids]);
  }
  for (const [workspaceId, ids] of byWorkspace)
    for (let i = 0; i < ids.length; i += TOGETHER_MAX)
      await processMail(deps, { workspaceId, messageIds: ids.slice(i, i + TOGETHER_MAX) });
}

/**
 * Works stored e-mail: a reply becomes a public comment, a new message a ticket from the sender (a
 * member, or someone a domain rule lets join), an unknown sender waits in quarantine; automatic
 * mail and loops are dropped and malformed MIME fails, each with its reason.
 *
 * Several messages are worked in one transaction, their reference data read once and their audit
 * events and jobs written together at its end (db/deferred.ts). If anything in it fails, nothing of
 * it commits and the messages are worked again one by one, each committing alone with its outcome
 * (a refused one is recorded as failed): the same results as if they had come one at a time.
 */
export async function processMail(deps: MailDeps, payload: JobPayloads['mail.process']) {
  const ids = 'messageIds' in payload ? payload.messageIds : [payload.messageId];
  const loaded = await loadMessages(deps.db, payload.workspaceId, ids);
  if (loaded.length > 1) {
    try {
      await processMailTogether(deps, payload.workspaceId, loaded);
      return;
    } catch (error) {
      deps.logger?.info(
        { err: error, messages: loaded.length },
        'mail: a batch failed; its messages are worked one by one',
      );
    }
  }
  // Each message commits alone; one already done (a retried job) is skipped.
  for (const one of await loadMessages(deps.db, payload.workspaceId, ids)) await processOne(deps, one);
}

async function processMailTogether(deps: MailDeps, workspaceId: string, loaded: Loaded[]) {
  const batch: MailDeps = { ...deps, lookups: new Map() };
  await withScopedTx(deps.db, { workspaceId, accountId: null }, (tx) =>
    withDeferredWrites(
      async () => {
        for (const one of loaded) {
          const examined = await examine(batch, one.message);
          if (examined.done) {
            await record(tx, one.message, examined.done, examined.facts);
            continue;
          }
          const outcome = await work(tx, batch, one, examined.parsed, examined.from);
          await rescope(tx, workspaceId);
          await record(tx, one.message, outcome, examined.facts);
        }
      },
      async (writes) => {
        await appendDeferredAudits(tx, writes.audits);
        await deps.jobs.enqueueMany(tx, writes.jobs as QueuedJob[]);
      },
    ),
  );
}

async function processOne(deps: MailDeps, loaded: Loaded) {
  const { db } = deps;
  const { message } = loaded;
  const { workspaceId } = message;
  const examined = await examine(deps, message);
  if (examined.done) {
    const { done, facts } = examined;
    await withScopedTx(db, { workspaceId, accountId: null }, (tx) => record(tx, message, done, facts));
    return;
  }
  const { parsed, from, facts } = examined;
  try {
    await withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
      const outcome = await work(tx, deps, loaded, parsed, from);
      await rescope(tx, workspaceId);
      await record(tx, message, outcome, facts);
    });
  } catch (error) {
    if (!(error instanceof AppError)) throw error; // retried by the queue
    deps.logger?.warn({ err: error, messageId: message.id }, 'mail refused');
    await withScopedTx(db, { workspaceId, accountId: null }, (tx) =>
      record(tx, message, { status: 'failed', reason: error.message }, facts),
    );
  }
}

/** Back to the system's scope in this workspace (a use case above set the actor's). */
export const rescope = (tx: Tx, workspaceId: string) =>
  tx.execute(
    sql`select set_config('app.workspace_id', ${workspaceId}, true), set_config('app.account_id', '', true)`,
  );

/**
 * The sender joins as a requester (a password-less account when there is none; they sign in by a
 * password reset or single sign-on): the domain rule a lead set, or a lead's release.
 */
export async function joinSender(
  tx: Tx,
  workspaceId: string,
  email: string,
  name: string | undefined,
  source: string,
) {
  const [existing] = await tx
    .select({ id: accounts.id, status: accounts.status })
    .from(accounts)
    .where(sql`lower(${accounts.email}) = ${email}`);
  if (existing?.status === 'disabled')
    throw new AppError(409, 'MAIL_SENDER_DISABLED', `The account of ${email} is disabled.`);
  // The account's own audit chain is written outside any workspace's scope (joinByDomain scopes each membership).
  await tx.execute(
    sql`select set_config('app.workspace_id', '', true), set_config('app.account_id', '', true)`,
  );
  const account = await joinByDomain(
    tx,
    systemMeta(source),
    { email, name: name?.trim().slice(0, 100) || email, existingAccountId: existing?.id ?? null },
    [workspaceId],
  );
  await rescope(tx, workspaceId);
  const [membership] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.accountId, account.id)));
  const actor = membership ? await memberActor(tx, workspaceId, membership.id) : null;
  if (!actor)
    throw new AppError(409, 'MAIL_SENDER_INACTIVE', `${email} is not an active member of this workspace.`);
  return actor;
}

export async function startMailIntakeWorker(deps: MailDeps) {
  await deps.jobs.workBatch('mail.process', (payloads) => processMailJobs(deps, payloads));
}
