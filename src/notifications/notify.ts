import { and, eq, ne, or, type SQL, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { prebuilt } from '../db/prebuilt.ts';
import { jsonOf, rowsOf } from '../db/rows.ts';
import { notificationPreferences, notifications } from '../db/schema/notifications.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import {
  defaultPreference,
  isNotificationEvent,
  type NotificationEvent,
  type RecipientSelector,
} from '../domain/notifications.ts';
import type { Jobs, QueuedJob } from '../jobs/queue.ts';

export type { RecipientSelector } from '../domain/notifications.ts';

/** Where an event happens: a person acting in a workspace (WorkspaceContext) or a system job. */
export type NotifySource =
  | { actor: { workspaceId: string; membershipId: string }; jobs: Jobs }
  | { workspaceId: string; actorMembershipId?: string | null; jobs: Jobs };

export type NotifyInput = {
  event: NotificationEvent;
  recipients: RecipientSelector[];
  subject: string;
  body?: string;
  /** Path inside the web app (e.g. /w/acme/tickets/ACME-12); e-mails make it absolute. */
  link?: string | null;
  /** The same key again (a retried job, a repeated sweep) sends nothing new. */
  dedupeKey: string;
  /** Extra fields for webhook payloads. */
  data?: Record<string, unknown>;
  /** The person who caused the event hears of it too (default: no). */
  includeActor?: boolean;
};

/** A selector's form: what it matches on and how many roles; its values are named after its place. */
type SelectorForm = { by: 'membershipId' | 'partyId' | 'partyKind' | 'watchersOfTicketId'; roles: number };
/** What a selector matches on, the value it matches and the roles it keeps. */
function partsOf(s: RecipientSelector): { by: SelectorForm['by']; value: string; roles: string[] } {
  if ('membershipId' in s) return { by: 'membershipId', value: s.membershipId, roles: [] };
  const roles = s.roles ?? ['lead', 'agent'];
  if ('partyId' in s) return { by: 'partyId', value: s.partyId, roles };
  if ('partyKind' in s) return { by: 'partyKind', value: s.partyKind, roles };
  return { by: 'watchersOfTicketId', value: s.watchersOfTicketId, roles };
}
const formOf = (s: RecipientSelector): SelectorForm => {
  const { by, roles } = partsOf(s);
  return { by, roles: roles.length };
};
/** The values of the i-th selector, by the names its condition uses. */
function selectorValues(s: RecipientSelector, i: number): Record<string, string> {
  const { value, roles } = partsOf(s);
  return {
    [`selector${i}`]: value,
    ...Object.fromEntries(roles.map((role, j) => [`selector${i}role${j}`, role])),
  };
}

/** The i-th selector's condition, its values given by `bind` (the values, or a prebuilt statement's placeholders). */
function selectorCondition(form: SelectorForm, i: number, bind: (name: string) => unknown): SQL {
  const key = `selector${i}`;
  if (form.by === 'membershipId') return sql`${memberships.id} = ${bind(key)}`;
  const roles = Array.from({ length: form.roles }, (_, j) => sql`${bind(`${key}role${j}`)}`);
  const role = sql`${memberships.role} in (${sql.join(roles, sql`, `)})`;
  if (form.by === 'partyId') return sql`${memberships.partyId} = ${bind(key)} and ${role}`;
  if (form.by === 'watchersOfTicketId')
    return sql`${memberships.partyId} in (select party_id from ticket_watchers where ticket_id = ${bind(key)}) and ${role}`;
  return sql`${parties.kind} = ${bind(key)} and ${role}`;
}

/** The selectors' conditions with their values (no prebuilt statement). */
const conditionsOf = (selectors: RecipientSelector[]) =>
  selectors.map((s, i) => {
    const values = selectorValues(s, i);
    return selectorCondition(formOf(s), i, (name) => values[name]);
  });

/**
 * Notifies people of one event, inside the caller's transaction: one recipient query, one
 * multi-row insert of in-app notifications and one job that fans out e-mail and webhooks.
 * Security/durability: everything commits or rolls back with the change that caused it.
 */
export async function notify(
  tx: Tx,
  source: NotifySource,
  input: NotifyInput,
): Promise<{ notified: number }> {
  // One event for people: who wants it and their rows in one statement (one round trip fewer).
  if (input.recipients.length > 0 && isNotificationEvent(input.event) && !source.jobs.quiet)
    return notifyPeople(tx, source, input);
  const [result] = await notifyAll(tx, source, [input]);
  return result!;
}

/** What a notification row says of its event. */
const noticeOf = (input: NotifyInput) => ({
  event: input.event,
  subject: input.subject,
  body: input.body ?? '',
  link: input.link ?? null,
  dedupeKey: input.dedupeKey,
});

const workspaceOf = (source: NotifySource) =>
  'actor' in source ? source.actor.workspaceId : source.workspaceId;
const actorOf = (source: NotifySource) =>
  'actor' in source ? source.actor.membershipId : (source.actorMembershipId ?? null);

type WantedValues = Record<string, unknown> & {
  workspaceId: string;
  event: string;
  subject: string;
  body: string;
  link: string | null;
  dedupeKey: string;
  actorMembershipId: string | null;
  inAppByDefault: boolean;
  emailByDefault: string;
};
type WantedShape = { selectors: SelectorForm[]; excludeActor: boolean };

/**
 * Who wants an event and their in-app rows in one statement, built once per form of its recipients
 * (db/prebuilt.ts): the ticket events always name them the same way.
 */
const insertWanted = prebuilt<WantedValues, WantedShape>()(
  'notifications.wanted',
  (_tx, value, { selectors, excludeActor }) => {
    const inApp = sql`coalesce(${notificationPreferences.inApp}, ${value('inAppByDefault')}::boolean)`;
    const conditions = selectors.map((form, i) => selectorCondition(form, i, (name) => value(name)));
    return sql`
    with wanted as (
      select ${memberships.id} as membership_id, ${inApp} as in_app
      from ${memberships}
      left join ${parties} on ${parties.id} = ${memberships.partyId}
      left join ${notificationPreferences} on ${notificationPreferences.membershipId} = ${memberships.id}
        and ${notificationPreferences.event} = ${value('event')}
      where ${and(
        eq(memberships.workspaceId, value('workspaceId')),
        sql`${memberships.status} = 'active'`,
        or(...conditions),
        excludeActor ? ne(memberships.id, value('actorMembershipId')) : undefined,
      )}
        and (${inApp} or coalesce(${notificationPreferences.email}, ${value('emailByDefault')}::text) <> 'off')
    ), written as (
      insert into ${notifications} (workspace_id, membership_id, event, subject, body, link, dedupe_key,
        actor_membership_id, in_app)
      select ${value('workspaceId')}::uuid, membership_id, ${value('event')}::text, ${value('subject')}::text,
        ${value('body')}::text, ${value('link')}::text, ${value('dedupeKey')}::text,
        ${value('actorMembershipId')}::uuid, in_app from wanted
      on conflict do nothing
      returning id
    )
    select (select count(*) from wanted)::int as wanted,
      coalesce((select json_agg(id) from written), '[]'::json) as ids`;
  },
);

/** The rows of whoever wants this event, written by the statement that chooses them. */
async function notifyPeople(tx: Tx, source: NotifySource, input: NotifyInput): Promise<{ notified: number }> {
  const workspaceId = workspaceOf(source);
  const actorMembershipId = actorOf(source);
  const fallback = defaultPreference(input.event);
  const result = await insertWanted(
    tx,
    {
      workspaceId,
      ...noticeOf(input),
      actorMembershipId,
      inAppByDefault: fallback.inApp,
      emailByDefault: fallback.email,
      ...Object.assign({}, ...input.recipients.map(selectorValues)),
    },
    {
      selectors: input.recipients.map(formOf),
      excludeActor: Boolean(actorMembershipId && !input.includeActor),
    },
  );
  const [row] = rowsOf<{ wanted: number; ids: unknown }>(result);
  const ids = jsonOf<string[]>(row!.ids);
  // Everyone already had it: the same event again, so no e-mail or webhook either.
  if (row!.wanted > 0 && ids.length === 0) return { notified: 0 };
  await source.jobs.enqueueMany(tx, [dispatchJob(workspaceId, ids, input)]);
  return { notified: ids.length };
}

/** The job that fans one event out to e-mail and webhooks. */
function dispatchJob(workspaceId: string, notificationIds: string[], input: NotifyInput): QueuedJob {
  return {
    queue: 'notifications.dispatch',
    payload: {
      workspaceId,
      notificationIds,
      event: {
        event: input.event,
        dedupeKey: input.dedupeKey,
        occurredAt: new Date().toISOString(),
        data: { subject: input.subject, body: input.body ?? '', link: input.link ?? null, ...input.data },
      },
    },
  };
}

type Recipient = { membershipId: string; inApp: boolean | null; email: string | null };

/**
 * Several events at once (a batch of escalations): the recipients of equal selectors are read
 * once, every in-app notification is one insert and the dispatch jobs one enqueue. Each event is
 * otherwise handled as `notify` would (an event whose notifications all existed sends nothing).
 */
export async function notifyAll(
  tx: Tx,
  source: NotifySource,
  inputs: NotifyInput[],
): Promise<{ notified: number }[]> {
  for (const input of inputs)
    if (!isNotificationEvent(input.event)) throw new Error(`unknown notification event ${input.event}`);
  if (source.jobs.quiet || inputs.length === 0) return inputs.map(() => ({ notified: 0 }));
  const workspaceId = workspaceOf(source);
  const actorMembershipId = actorOf(source);
  const readRecipients = async (input: NotifyInput, conditions: SQL[]): Promise<Recipient[]> =>
    tx
      .select({
        membershipId: memberships.id,
        inApp: notificationPreferences.inApp,
        email: notificationPreferences.email,
      })
      .from(memberships)
      .leftJoin(parties, eq(parties.id, memberships.partyId))
      .leftJoin(
        notificationPreferences,
        and(
          eq(notificationPreferences.membershipId, memberships.id),
          eq(notificationPreferences.event, input.event),
        ),
      )
      .where(
        and(
          eq(memberships.workspaceId, workspaceId),
          eq(memberships.status, 'active'),
          or(...conditions),
          actorMembershipId && !input.includeActor ? ne(memberships.id, actorMembershipId) : undefined,
        ),
      );
  const recipientsBySelector = new Map<string, Recipient[]>();
  // Per event: null when it names no one (webhooks only), else the people who want it.
  const wantedPerInput: ({ membershipId: string; inApp: boolean }[] | null)[] = [];
  for (const input of inputs) {
    const conditions = conditionsOf(input.recipients);
    if (conditions.length === 0) {
      wantedPerInput.push(null);
      continue;
    }
    const key = JSON.stringify([input.event, input.recipients, input.includeActor ?? false]);
    let people = recipientsBySelector.get(key);
    if (!people) {
      people = await readRecipients(input, conditions);
      recipientsBySelector.set(key, people);
    }
    const fallback = defaultPreference(input.event);
    wantedPerInput.push(
      people
        .filter((p) => (p.inApp ?? fallback.inApp) || (p.email ?? fallback.email) !== 'off')
        .map((p) => ({ membershipId: p.membershipId, inApp: p.inApp ?? fallback.inApp })),
    );
  }
  const values = inputs.flatMap((input, i) =>
    (wantedPerInput[i] ?? []).map((p) => ({
      workspaceId,
      membershipId: p.membershipId,
      ...noticeOf(input),
      actorMembershipId,
      inApp: p.inApp,
    })),
  );
  // The rows written, by person and key: a key already held (the same event again) writes nothing.
  const written = new Map<string, string>();
  if (values.length > 0)
    for (const row of await tx.insert(notifications).values(values).onConflictDoNothing().returning({
      id: notifications.id,
      membershipId: notifications.membershipId,
      dedupeKey: notifications.dedupeKey,
    }))
      written.set(`${row.membershipId}\n${row.dedupeKey}`, row.id);
  const results: { notified: number }[] = [];
  const jobs: QueuedJob[] = [];
  inputs.forEach((input, i) => {
    const wanted = wantedPerInput[i];
    const ids: string[] = [];
    for (const p of wanted ?? []) {
      const key = `${p.membershipId}\n${input.dedupeKey}`;
      const id = written.get(key);
      if (id === undefined) continue;
      ids.push(id);
      written.delete(key);
    }
    results.push({ notified: ids.length });
    // Everyone already had it: the same event again, so no e-mail or webhook either.
    if (wanted && wanted.length > 0 && ids.length === 0) return;
    jobs.push(dispatchJob(workspaceId, ids, input));
  });
  if (jobs.length > 0) await source.jobs.enqueueMany(tx, jobs);
  return results;
}
