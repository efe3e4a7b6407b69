import { describe, expect, it } from 'vitest';
import {
  centreOf,
  groupSignature,
  groupSimilarTickets,
  isNewGroup,
  type Neighbour,
  pairsFromNeighbours,
  proposalTitle,
  STORED_NEIGHBOURS,
  withNeighbour,
  withoutDeparted,
} from './recurrence.ts';

const p = (a: string, b: string, similarity: number) => ({ a, b, similarity });

describe('groupSimilarTickets', () => {
  const options = { threshold: 0.5, minTickets: 3 };

  it('joins pairs into connected groups and drops small ones', () => {
    const groups = groupSimilarTickets(
      [p('1', '2', 0.8), p('2', '3', 0.6), p('4', '5', 0.9), p('6', '7', 0.3)],
      options,
    );
    expect(groups).toHaveLength(1);
    expect(groups[0]!.ticketIds).toEqual(['1', '2', '3']);
    expect(groups[0]!.averageSimilarity).toBe(0.7);
    expect(groups[0]!.pairs[0]).toEqual(p('1', '2', 0.8));
  });

  it('ignores pairs below the threshold, so weak links do not merge groups', () => {
    const groups = groupSimilarTickets(
      [p('a', 'b', 0.9), p('b', 'c', 0.9), p('c', 'd', 0.2), p('d', 'e', 0.9), p('e', 'f', 0.9)],
      options,
    );
    expect(groups.map((g) => g.ticketIds)).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
  });

  it('orders by size, then similarity, and caps a group', () => {
    const groups = groupSimilarTickets(
      [p('a', 'b', 0.6), p('b', 'c', 0.6), p('x', 'y', 0.9), p('y', 'z', 0.9), p('z', 'w', 0.9)],
      { ...options, maxGroup: 3 },
    );
    expect(groups[0]!.ticketIds).toEqual(['w', 'x', 'y']);
    expect(groups[1]!.ticketIds).toEqual(['a', 'b', 'c']);
  });

  it('returns nothing for no pairs and ignores self pairs', () => {
    expect(groupSimilarTickets([], options)).toEqual([]);
    expect(groupSimilarTickets([p('a', 'a', 1)], { threshold: 0.5, minTickets: 1 })).toEqual([]);
  });
});

describe('proposal rules', () => {
  it('signs a group independently of order', () => {
    expect(groupSignature('service:s', ['b', 'a'])).toBe(groupSignature('service:s', ['a', 'b']));
  });
  it('treats a group as new only when it has a ticket no decided proposal covered', () => {
    const decided = new Set(['a', 'b', 'c']);
    expect(isNewGroup(['a', 'b'], decided)).toBe(false);
    expect(isNewGroup(['a', 'b', 'd'], decided)).toBe(true);
  });
  it('titles a proposal with its most representative ticket’s subject', () => {
    expect(proposalTitle('VPN drops every morning', 'Network', 3)).toBe(
      'Recurring: VPN drops every morning (Network, 3 tickets)',
    );
    const long = proposalTitle('x'.repeat(300), 'Network', 3);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(long).toMatch(/… \(Network, 3 tickets\)$/);
  });
  it('finds the ticket closest to the group’s centre', () => {
    // b is similar to a, c and d; the others only to b (and c a little to d).
    const pairs = [
      { a: 'a', b: 'b', similarity: 0.6 },
      { a: 'b', b: 'c', similarity: 0.7 },
      { a: 'b', b: 'd', similarity: 0.5 },
      { a: 'c', b: 'd', similarity: 0.46 },
    ];
    expect(centreOf(['a', 'b', 'c', 'd'], pairs)).toBe('b');
    expect(groupSimilarTickets(pairs, { threshold: 0.45, minTickets: 3 })[0]!.centreTicketId).toBe('b');
    expect(centreOf(['x', 'y'], [])).toBe('x');
  });
});

describe('neighbour lists', () => {
  const n = (id: string, distance: number, similarity = 0.9): Neighbour => [id, distance, similarity];
  const full = Array.from({ length: STORED_NEIGHBOURS }, (_, i) => n(`t${i}`, 0.1 * (i + 1)));

  it('takes a nearer candidate in its place and drops the last of a full list', () => {
    const next = withNeighbour(full, n('new', 0.25))!;
    expect(next).toHaveLength(STORED_NEIGHBOURS);
    expect(next.map(([id]) => id).slice(0, 4)).toEqual(['t0', 't1', 'new', 't2']);
    expect(next.some(([id]) => id === `t${STORED_NEIGHBOURS - 1}`)).toBe(false);
  });

  it('refuses a candidate no nearer than the last of a full list, or one already listed', () => {
    expect(withNeighbour(full, n('far', 0.8))).toBeNull();
    expect(withNeighbour(full, n('t1', 0.05))).toBeNull();
    expect(withNeighbour([n('a', 0.5)], n('b', 0.6))).toEqual([n('a', 0.5), n('b', 0.6)]);
  });

  it('looks a full list up again when it loses a neighbour; a short list held every candidate', () => {
    expect(withoutDeparted(full, new Set(['t3']))).toMatchObject({ changed: true, lookUpAgain: true });
    const short = withoutDeparted([n('a', 0.2), n('b', 0.3)], new Set(['a']));
    expect(short).toEqual({ list: [n('b', 0.3)], changed: true, lookUpAgain: false });
    expect(withoutDeparted(full, new Set(['x'])).changed).toBe(false);
  });

  it('pairs each ticket with its five nearest at the threshold, once per pair', () => {
    const lists = new Map<string, Neighbour[]>([
      [
        'a',
        [n('b', 0.1, 0.8), n('c', 0.2, 0.3), ...['d', 'e', 'f', 'g'].map((id, i) => n(id, 0.3 + i / 10))],
      ],
      ['b', [n('a', 0.1, 0.8)]],
    ]);
    const pairs = pairsFromNeighbours(lists, 0.45);
    expect(pairs.filter((x) => [x.a, x.b].sort().join() === 'a,b')).toHaveLength(1);
    expect(pairs.some((x) => x.b === 'c')).toBe(false); // below the threshold
    expect(pairs.some((x) => x.b === 'g')).toBe(false); // the sixth nearest is not compared
  });
});
