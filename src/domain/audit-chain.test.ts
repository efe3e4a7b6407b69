import { describe, expect, it } from 'vitest';
import {
  type ChainedFields,
  type ChainLink,
  canonicalJson,
  computeAuditHash,
  findFirstBrokenLink,
  GENESIS_HASH,
} from './audit-chain.ts';

describe('canonicalJson', () => {
  const cases: Array<[string, unknown, string]> = [
    ['null', null, 'null'],
    ['undefined', undefined, 'null'],
    ['a string', 'a"b', '"a\\"b"'],
    ['a number', 42, '42'],
    ['a boolean', false, 'false'],
    ['an empty object', {}, '{}'],
    ['sorted keys', { b: 1, a: 2 }, '{"a":2,"b":1}'],
    [
      'nested objects sorted too',
      { z: { y: 1, x: 2 }, a: [{ d: 1, c: 2 }] },
      '{"a":[{"c":2,"d":1}],"z":{"x":2,"y":1}}',
    ],
    ['undefined properties dropped', { a: undefined, b: 1 }, '{"b":1}'],
    ['undefined array items become null', [1, undefined], '[1,null]'],
    ['null properties kept', { a: null }, '{"a":null}'],
    ['arrays keep their order', [3, 1, 2], '[3,1,2]'],
    ['keys sorted by code unit, not locale', { b: 1, B: 2, a: 3 }, '{"B":2,"a":3,"b":1}'],
  ];

  it.each(cases)('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives the same text whatever order the keys were written in', () => {
    const a = {
      action: 'x',
      after: { role: 'agent', status: 'active' },
      before: null,
      list: [{ q: 1, p: 2 }],
    };
    const b = {
      list: [{ p: 2, q: 1 }],
      before: null,
      after: { status: 'active', role: 'agent' },
      action: 'x',
    };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
  });

  it('gives the same text after a JSON round trip (as jsonb does)', () => {
    const value = { z: 1, a: { c: [1, 'two', null], b: true } };
    expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
  });
});

const base: ChainedFields = {
  workspaceId: '11111111-1111-4111-8111-111111111111',
  actorAccountId: '22222222-2222-4222-8222-222222222222',
  actorMembershipId: '33333333-3333-4333-8333-333333333333',
  action: 'member.role_changed',
  entityType: 'membership',
  entityId: '44444444-4444-4444-8444-444444444444',
  before: { role: 'viewer' },
  after: { role: 'agent' },
  ip: '10.0.0.1',
  at: new Date('2030-01-01T00:00:00.000Z'),
};

describe('computeAuditHash', () => {
  it('is a SHA-256 hex digest and is stable for the same input', () => {
    const hash = computeAuditHash(GENESIS_HASH, base);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(computeAuditHash(GENESIS_HASH, { ...base })).toBe(hash);
  });

  it('does not depend on the key order inside before and after', () => {
    const a = { ...base, after: { role: 'agent', status: 'active' } };
    const b = { ...base, after: { status: 'active', role: 'agent' } };
    expect(computeAuditHash(GENESIS_HASH, a)).toBe(computeAuditHash(GENESIS_HASH, b));
  });

  it('treats a missing before/after like null', () => {
    expect(computeAuditHash(GENESIS_HASH, { ...base, before: undefined })).toBe(
      computeAuditHash(GENESIS_HASH, { ...base, before: null }),
    );
  });

  const changes: Array<[keyof ChainedFields, unknown]> = [
    ['workspaceId', null],
    ['actorAccountId', null],
    ['actorMembershipId', '55555555-5555-4555-8555-555555555555'],
    ['action', 'member.deactivated'],
    ['entityType', 'session'],
    ['entityId', '66666666-6666-4666-8666-666666666666'],
    ['before', { role: 'lead' }],
    ['after', { role: 'viewer' }],
    ['ip', '10.0.0.2'],
    ['at', new Date('2030-01-01T00:00:00.001Z')],
  ];

  it.each(changes)('changes when %s changes', (field, value) => {
    const original = computeAuditHash(GENESIS_HASH, base);
    expect(computeAuditHash(GENESIS_HASH, { ...base, [field]: value })).not.toBe(original);
  });

  it('changes when the previous hash changes', () => {
    expect(computeAuditHash('f'.repeat(64), base)).not.toBe(computeAuditHash(GENESIS_HASH, base));
  });
});

/** A valid chain of n events with ids 1..n. */
function chain(n: number, startHash = GENESIS_HASH): ChainLink[] {
  const links: ChainLink[] = [];
  let prevHash = startHash;
  for (let i = 1; i <= n; i++) {
    const fields = { ...base, action: `event.${i}`, at: new Date(base.at.getTime() + i * 1000) };
    const hash = computeAuditHash(prevHash, fields);
    links.push({ ...fields, id: i, prevHash, hash });
    prevHash = hash;
  }
  return links;
}

describe('findFirstBrokenLink', () => {
  it('accepts an empty chain and an intact chain', () => {
    expect(findFirstBrokenLink([])).toBeNull();
    expect(findFirstBrokenLink(chain(5))).toBeNull();
  });

  it('accepts an intact chain that continues from a given start hash', () => {
    const start = 'a'.repeat(64);
    expect(findFirstBrokenLink(chain(3, start), start)).toBeNull();
    expect(findFirstBrokenLink(chain(3, start))).toEqual({
      id: 1,
      reason: 'previous hash does not match the event before it',
    });
  });

  const tamperings: Array<
    [string, (links: ChainLink[]) => ChainLink[], { id: number; reason: string } | null]
  > = [
    [
      'an edited action',
      (l) => l.map((e) => (e.id === 3 ? { ...e, action: 'forged' } : e)),
      { id: 3, reason: 'content does not match its hash' },
    ],
    [
      'an edited after value',
      (l) => l.map((e) => (e.id === 2 ? { ...e, after: { role: 'lead' } } : e)),
      { id: 2, reason: 'content does not match its hash' },
    ],
    [
      'an edited ip',
      (l) => l.map((e) => (e.id === 5 ? { ...e, ip: '1.2.3.4' } : e)),
      { id: 5, reason: 'content does not match its hash' },
    ],
    [
      'an edited time',
      (l) => l.map((e) => (e.id === 1 ? { ...e, at: new Date(0) } : e)),
      { id: 1, reason: 'content does not match its hash' },
    ],
    [
      'an edit with a recomputed own hash',
      (l) =>
        l.map((e) => {
          if (e.id !== 2) return e;
          const forged = { ...e, actorAccountId: null };
          return { ...forged, hash: computeAuditHash(forged.prevHash, forged) };
        }),
      // The forger fixed event 2's hash, so event 3 no longer links to it.
      { id: 3, reason: 'previous hash does not match the event before it' },
    ],
    [
      'a deleted middle event',
      (l) => l.filter((e) => e.id !== 3),
      { id: 4, reason: 'previous hash does not match the event before it' },
    ],
    [
      'a deleted first event',
      (l) => l.slice(1),
      { id: 2, reason: 'previous hash does not match the event before it' },
    ],
    [
      'two events swapped',
      (l) => [l[0]!, l[2]!, l[1]!, l[3]!, l[4]!],
      { id: 3, reason: 'previous hash does not match the event before it' },
    ],
    [
      'an event inserted from elsewhere',
      (l) => [l[0]!, l[1]!, { ...l[1]!, id: 99 }, ...l.slice(2)],
      { id: 99, reason: 'previous hash does not match the event before it' },
    ],
    [
      'two tampered events (names the first)',
      (l) => l.map((e) => (e.id >= 2 ? { ...e, entityId: 'x' } : e)),
      { id: 2, reason: 'content does not match its hash' },
    ],
  ];

  it.each(tamperings)('names the first broken event after %s', (_name, tamper, expected) => {
    expect(findFirstBrokenLink(tamper(chain(5)))).toEqual(expected);
  });
});
