import { describe, expect, it } from 'vitest';
import { canMoveProblem, measureRecurrence, problemRuleBroken } from './problems.ts';

const base = {
  status: 'open' as const,
  workaround: '',
  workaroundKind: 'none' as const,
  workaroundExpiresOn: null,
  resolution: '',
  rootCause: '',
};

describe('problemRuleBroken', () => {
  it.each([
    { name: 'plain open problem', p: base, broken: null },
    {
      name: 'expiry without a workaround',
      p: { ...base, workaroundExpiresOn: '2030-01-01' },
      broken: 'workaroundExpiresOn',
    },
    {
      name: 'accepted workaround without steps',
      p: { ...base, workaroundKind: 'accepted' as const },
      broken: 'workaround',
    },
    {
      name: 'temporary workaround without expiry',
      p: { ...base, workaroundKind: 'temporary' as const, workaround: 'restart' },
      broken: 'workaroundExpiresOn',
    },
    {
      name: 'temporary workaround expired already',
      p: {
        ...base,
        workaroundKind: 'temporary' as const,
        workaround: 'restart',
        workaroundExpiresOn: '2020-01-01',
      },
      broken: 'workaroundExpiresOn',
    },
    {
      name: 'accepted workaround with an expiry',
      p: {
        ...base,
        workaroundKind: 'accepted' as const,
        workaround: 'restart',
        workaroundExpiresOn: '2030-01-01',
      },
      broken: 'workaroundExpiresOn',
    },
    {
      name: 'accepted workaround',
      p: { ...base, workaroundKind: 'accepted' as const, workaround: 'restart' },
      broken: null,
    },
  ])('$name', ({ p, broken }) => {
    expect(problemRuleBroken(p, '2026-11-23')?.[0] ?? null).toBe(broken);
  });
});

describe('problem lifecycle', () => {
  it('allows reopening a resolved problem but not jumping back to open', () => {
    expect(canMoveProblem('resolved', 'investigating')).toBe(true);
    expect(canMoveProblem('resolved', 'open')).toBe(false);
    expect(canMoveProblem('open', 'resolved')).toBe(true);
  });
});

describe('measureRecurrence', () => {
  it('counts tickets either side of the resolution within the window', () => {
    const day = (d: number) => new Date(Date.UTC(2026, 10, d));
    const m = measureRecurrence([day(1), day(5), day(9), day(11), day(30)], day(10), 7, day(20));
    expect(m).toEqual({ before: 2, after: 1, windowDays: 7, daysObservedAfter: 7 });
  });
});
