/** Grouping similar tickets into recurrence candidates: pure, so the job's SQL only finds pairs. */

export type SimilarPair = { a: string; b: string; similarity: number };
export type TicketGroup = {
  ticketIds: string[];
  pairs: SimilarPair[];
  averageSimilarity: number;
  /** The ticket closest to the group's centre: the most similar to the others, summed. */
  centreTicketId: string;
};

export const RECURRENCE_DEFAULTS = { windowDays: 30, threshold: 0.45, minTickets: 3, maxGroup: 50 };

/**
 * Connected components of the "similar" graph (pairs at or above the threshold), keeping only groups
 * of at least minTickets; largest and most similar first. Union-find with path halving.
 */
export function groupSimilarTickets(
  pairs: SimilarPair[],
  options: { threshold: number; minTickets: number; maxGroup?: number },
): TicketGroup[] {
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let node = x;
    if (!parent.has(node)) parent.set(node, node);
    while (parent.get(node) !== node) {
      const grand = parent.get(parent.get(node)!)!;
      parent.set(node, grand);
      node = grand;
    }
    return node;
  };
  const strong = pairs.filter((p) => p.a !== p.b && p.similarity >= options.threshold);
  for (const p of strong) {
    const ra = find(p.a);
    const rb = find(p.b);
    if (ra === rb) continue;
    const [low, high] = ra < rb ? [ra, rb] : [rb, ra];
    parent.set(high, low);
  }
  const groups = new Map<string, { ids: Set<string>; pairs: SimilarPair[] }>();
  for (const p of strong) {
    const root = find(p.a);
    let g = groups.get(root);
    if (!g) {
      g = { ids: new Set(), pairs: [] };
      groups.set(root, g);
    }
    g.ids.add(p.a);
    g.ids.add(p.b);
    g.pairs.push(p);
  }
  const result: TicketGroup[] = [];
  for (const g of groups.values()) {
    if (g.ids.size < options.minTickets) continue;
    const sortedPairs = g.pairs.sort((x, y) => y.similarity - x.similarity);
    const ids = [...g.ids].sort();
    result.push({
      centreTicketId: centreOf(ids, sortedPairs),
      ticketIds: options.maxGroup ? ids.slice(0, options.maxGroup) : ids,
      pairs: sortedPairs.slice(0, 100),
      averageSimilarity: round(sortedPairs.reduce((s, p) => s + p.similarity, 0) / sortedPairs.length),
    });
  }
  return result.sort(
    (x, y) => y.ticketIds.length - x.ticketIds.length || y.averageSimilarity - x.averageSimilarity,
  );
}

/**
 * The member whose similarities to the rest add up highest (a missing pair counts as 0); the
 * smallest id on a tie, so the same group always gets the same centre.
 */
export function centreOf(ids: string[], pairs: SimilarPair[]): string {
  const score = new Map(ids.map((id) => [id, 0]));
  for (const p of pairs) {
    if (score.has(p.a)) score.set(p.a, score.get(p.a)! + p.similarity);
    if (score.has(p.b)) score.set(p.b, score.get(p.b)! + p.similarity);
  }
  let best = ids[0]!;
  for (const id of ids) if (score.get(id)! > score.get(best)!) best = id;
  return best;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

export const groupSignature = (scope: string, ticketIds: string[]) =>
  `${scope}:${[...ticketIds].sort().join(',')}`;

/**
 * Whether a found group is news: not when every one of its tickets is already in a proposal that
 * was accepted or dismissed (the same group, or a part of one, is never proposed again).
 */
export function isNewGroup(ticketIds: string[], decidedTicketIds: Set<string>): boolean {
  return ticketIds.some((id) => !decidedTicketIds.has(id));
}

/**
 * A proposal's title: the subject of its most representative ticket (the group's centre), in the
 * requester's own words, rather than a list of stemmed words.
 */
export function proposalTitle(centreSubject: string, scopeName: string, ticketCount: number): string {
  const subject = centreSubject.trim() || 'similar tickets';
  const suffix = ` (${scopeName}, ${ticketCount} ticket${ticketCount === 1 ? '' : 's'})`;
  const room = 200 - 'Recurring: '.length - suffix.length;
  const shown = subject.length > room ? `${subject.slice(0, Math.max(room - 1, 0))}…` : subject;
  return `Recurring: ${shown}${suffix}`;
}

type Pair = { a: string; b: string; similarity: number };

/**
 * What a reader who may see only some of a proposal's tickets reads of it: the title, size,
 * similarity and evidence of that part. The stored title names the group's centre ticket (perhaps
 * one they may not see) and the whole group's size. Someone who sees every ticket reads it as stored.
 */
export function proposalAsSeen(
  proposal: { title: string; ticketIds: string[]; averageSimilarity: number; pairs: Pair[] },
  scopeName: string,
  visible: { id: string; subject: string }[],
) {
  if (visible.length >= proposal.ticketIds.length)
    return {
      title: proposal.title,
      ticketCount: proposal.ticketIds.length,
      averageSimilarity: proposal.averageSimilarity,
      pairs: proposal.pairs,
    };
  const seen = new Set(visible.map((t) => t.id));
  const pairs = proposal.pairs.filter((x) => seen.has(x.a) && seen.has(x.b));
  return {
    title: proposalTitle(visible[0]?.subject ?? '', scopeName, visible.length),
    ticketCount: visible.length,
    averageSimilarity: pairs.length ? round(pairs.reduce((s, x) => s + x.similarity, 0) / pairs.length) : 0,
    pairs,
  };
}

/** A ticket's nearest subjects in its scope: [ticketId, subject distance, combined similarity]. */
export type Neighbour = [string, number, number];

/** How many nearest subjects each ticket keeps (5 are compared; the rest stand in for ones that leave). */
export const STORED_NEIGHBOURS = 8;
export const COMPARED_NEIGHBOURS = 5;

/**
 * A ticket's list without the tickets that left the scope. A full list that lost one may miss a
 * replacement beyond its end, so it must be looked up again; a shorter list held every candidate.
 */
export function withoutDeparted(
  list: Neighbour[],
  departed: Set<string>,
): { list: Neighbour[]; changed: boolean; lookUpAgain: boolean } {
  const kept = list.filter(([id]) => !departed.has(id));
  const changed = kept.length !== list.length;
  return { list: kept, changed, lookUpAgain: changed && list.length >= STORED_NEIGHBOURS };
}

/** Whether a candidate at this distance could enter the list (a full list keeps only nearer ones). */
export function mayJoin(list: Neighbour[], distance: number): boolean {
  const last = list[STORED_NEIGHBOURS - 1];
  return !(list.length >= STORED_NEIGHBOURS && last && distance >= last[1]);
}

/** The list with a new candidate in its place by distance (after equal ones), or null when it is too far. */
export function withNeighbour(list: Neighbour[], candidate: Neighbour): Neighbour[] | null {
  if (list.some(([id]) => id === candidate[0])) return null;
  if (!mayJoin(list, candidate[1])) return null;
  const at = list.findIndex(([, distance]) => distance > candidate[1]);
  const next = at < 0 ? [...list, candidate] : [...list.slice(0, at), candidate, ...list.slice(at)];
  return next.slice(0, STORED_NEIGHBOURS);
}

/**
 * The similar pairs of a scope from its tickets' neighbour lists: each ticket with its nearest
 * COMPARED_NEIGHBOURS, a pair counting once at or above the threshold (as the full comparison does).
 */
export function pairsFromNeighbours(lists: Map<string, Neighbour[]>, threshold: number): SimilarPair[] {
  const seen = new Set<string>();
  const pairs: SimilarPair[] = [];
  for (const [a, list] of lists)
    for (let i = 0; i < Math.min(list.length, COMPARED_NEIGHBOURS); i++) {
      const [b, , similarity] = list[i]!;
      if (similarity < threshold) continue;
      const key = a < b ? `${a}|${b}` : `${b}|${a}`;
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push({ a, b, similarity });
    }
  return pairs;
}
