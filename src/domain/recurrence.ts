/** Grouping similar tickets into recurrence candidates: pure, so the job's SQL only finds pairs. */

export type SimilarPair = { a: string; b: string; similarity: number };
export type TicketGroup = {
  ticketIds: string[];
  pairs: SimilarPair[];
  averageSimilarity: number;
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
      ticketIds: options.maxGroup ? ids.slice(0, options.maxGroup) : ids,
      pairs: sortedPairs.slice(0, 100),
      averageSimilarity: round(sortedPairs.reduce((s, p) => s + p.similarity, 0) / sortedPairs.length),
    });
  }
  return result.sort(
    (x, y) => y.ticketIds.length - x.ticketIds.length || y.averageSimilarity - x.averageSimilarity,
  );
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

/** A short title for a proposal: the most common words of its subjects. */
export function proposalTitle(subjects: string[], scopeName: string): string {
  const counts = new Map<string, number>();
  for (const s of subjects) {
    const words = new Set(
      s
        .toLowerCase()
        .split(/[^\p{L}\p{N}]+/u)
        .filter((w) => w.length > 2 && !STOP.has(w)),
    );
    for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const top = [...counts.entries()]
    .filter(([, n]) => n >= Math.max(2, Math.ceil(subjects.length / 2)))
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 4)
    .map(([w]) => w);
  const theme = top.length > 0 ? top.join(' ') : (subjects[0] ?? 'similar tickets');
  return `Recurring: ${theme} (${scopeName}, ${subjects.length} tickets)`.slice(0, 200);
}

const STOP = new Set([
  'the',
  'and',
  'for',
  'not',
  'with',
  'our',
  'can',
  'cannot',
  'from',
  'has',
  'are',
  'was',
  'after',
  'again',
  'when',
]);
