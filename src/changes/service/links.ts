import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { changeLinks } from '../../db/schema/changes.ts';
import { incidents } from '../../db/schema/incidents.ts';
import { problems } from '../../db/schema/problems.ts';
import { services } from '../../db/schema/responsibility.ts';
import { systems } from '../../db/schema/systems.ts';
import { tickets } from '../../db/schema/tickets.ts';
import type { WorkspaceActor } from '../../domain/actor.ts';
import type { ChangeLinkKind } from '../../domain/changes.ts';
import { Invalid } from '../../server/errors.ts';
import { loadRoutingInputs, visibleTickets } from '../../tickets/queries.ts';
import { isWorkspaceParty } from '../../workspaces/queries.ts';
import type { LinkIds } from './common.ts';

export type LinkInput = {
  serviceIds?: string[] | undefined;
  systemIds?: string[] | undefined;
  ticketKeys?: string[] | undefined;
  problemKeys?: string[] | undefined;
  incidentKeys?: string[] | undefined;
};

const unique = <T>(xs: T[]) => [...new Set(xs)];

/** Human keys (PRB-4 or 4) to numbers; anything else is refused naming its position. */
function keyNumbers(keys: string[], prefix: string, field: string): number[] {
  const re = new RegExp(`^(?:${prefix}-)?(\\d{1,9})$`, 'i');
  return keys.map((key, i) => {
    const m = re.exec(key.trim());
    if (!m) throw new Invalid(`"${key}" is not a key such as ${prefix}-4`, `${field}.${i}`);
    return Number(m[1]);
  });
}

function requireAll<T>(wanted: T[], found: T[], field: string, what: (x: T) => string) {
  wanted.forEach((w, i) => {
    if (!found.includes(w)) throw new Invalid(`${what(w)} is not one of this workspace`, `${field}.${i}`);
  });
}

/**
 * Checks every linked record belongs to this workspace (and, for tickets, that the actor can see it);
 * a record of another workspace is refused exactly like one that does not exist (400 naming the field).
 */
export async function resolveLinks(
  tx: Tx,
  actor: WorkspaceActor,
  input: LinkInput,
): Promise<Partial<LinkIds>> {
  const ws = actor.workspaceId;
  const out: Partial<LinkIds> = {};
  if (input.serviceIds) {
    const ids = unique(input.serviceIds);
    const rows = ids.length
      ? await tx
          .select({ id: services.id })
          .from(services)
          .where(and(eq(services.workspaceId, ws), inArray(services.id, ids)))
      : [];
    requireAll(
      input.serviceIds,
      rows.map((r) => r.id),
      'body.serviceIds',
      (id) => `service ${id}`,
    );
    out.service = ids;
  }
  if (input.systemIds) {
    const ids = unique(input.systemIds);
    const rows = ids.length
      ? await tx
          .select({ id: systems.id })
          .from(systems)
          .where(and(eq(systems.workspaceId, ws), inArray(systems.id, ids)))
      : [];
    requireAll(
      input.systemIds,
      rows.map((r) => r.id),
      'body.systemIds',
      (id) => `system ${id}`,
    );
    out.system = ids;
  }
  if (input.ticketKeys) {
    const numbers = keyNumbers(input.ticketKeys, actor.ticketPrefix, 'body.ticketKeys');
    const rows = numbers.length
      ? await tx
          .select({ id: tickets.id, number: tickets.number })
          .from(tickets)
          .where(and(eq(tickets.workspaceId, ws), inArray(tickets.number, numbers), visibleTickets(actor)))
      : [];
    requireAll(
      numbers,
      rows.map((r) => r.number),
      'body.ticketKeys',
      (n) => `ticket ${actor.ticketPrefix}-${n}`,
    );
    out.ticket = unique(numbers.map((n) => rows.find((r) => r.number === n)!.id));
  }
  if (input.problemKeys) {
    const numbers = keyNumbers(input.problemKeys, 'PRB', 'body.problemKeys');
    const rows = numbers.length
      ? await tx
          .select({ id: problems.id, number: problems.number })
          .from(problems)
          .where(and(eq(problems.workspaceId, ws), inArray(problems.number, numbers)))
      : [];
    requireAll(
      numbers,
      rows.map((r) => r.number),
      'body.problemKeys',
      (n) => `problem PRB-${n}`,
    );
    out.problem = unique(numbers.map((n) => rows.find((r) => r.number === n)!.id));
  }
  if (input.incidentKeys) {
    const numbers = keyNumbers(input.incidentKeys, 'MI', 'body.incidentKeys');
    const rows = numbers.length
      ? await tx
          .select({ id: incidents.id, number: incidents.number })
          .from(incidents)
          .where(and(eq(incidents.workspaceId, ws), inArray(incidents.number, numbers)))
      : [];
    requireAll(
      numbers,
      rows.map((r) => r.number),
      'body.incidentKeys',
      (n) => `incident MI-${n}`,
    );
    out.incident = unique(numbers.map((n) => rows.find((r) => r.number === n)!.id));
  }
  return out;
}

/**
 * Replaces the given kinds of links of a change (kinds not given stay as they are), in two statements
 * at most; a change just created has none to delete (`fresh`).
 */
export async function writeLinks(
  tx: Tx,
  workspaceId: string,
  changeId: string,
  links: Partial<LinkIds>,
  { fresh = false }: { fresh?: boolean } = {},
) {
  const kinds = Object.keys(links) as ChangeLinkKind[];
  if (kinds.length === 0) return;
  if (!fresh)
    await tx
      .delete(changeLinks)
      .where(
        and(
          eq(changeLinks.workspaceId, workspaceId),
          eq(changeLinks.changeId, changeId),
          inArray(changeLinks.kind, kinds),
        ),
      );
  const rows = kinds.flatMap((kind) =>
    (links[kind] ?? []).map((targetId, position) => ({ workspaceId, changeId, kind, targetId, position })),
  );
  if (rows.length > 0) await tx.insert(changeLinks).values(rows);
}

/** The map's Responsible party for a service when exactly one party is Responsible; otherwise null. */
export async function responsibleParty(tx: Tx, workspaceId: string, serviceId: string | undefined) {
  if (!serviceId) return null;
  const { assignments } = await loadRoutingInputs(tx, workspaceId, serviceId);
  const responsible = unique(assignments.filter((a) => a.role === 'R').map((a) => a.partyId));
  return responsible.length === 1 ? responsible[0]! : null;
}

export async function checkParty(tx: Tx, workspaceId: string, partyId: string, field: string) {
  if (!(await isWorkspaceParty(tx, workspaceId, partyId)))
    throw new Invalid('must name a party of this workspace', field);
  return partyId;
}
