import { describe, expect, it } from 'vitest';
import {
  type FailureCounts,
  MAX_FAILURES_PER_ACCOUNT,
  MAX_FAILURES_PER_ADDRESS,
  retryAfterSeconds,
  THROTTLE_WINDOW_MS,
} from './login-throttle.ts';

const now = new Date('2030-01-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const counts = (byAccount: number, byAddress: number, oldestCountedAt: Date | null): FailureCounts => ({
  byAccount,
  byAddress,
  oldestCountedAt,
});

describe('login throttle limits', () => {
  it('allows five failures per account and twenty per address in fifteen minutes', () => {
    expect(MAX_FAILURES_PER_ACCOUNT).toBe(5);
    expect(MAX_FAILURES_PER_ADDRESS).toBe(20);
    expect(THROTTLE_WINDOW_MS).toBe(15 * 60 * 1000);
  });
});

describe('retryAfterSeconds', () => {
  const cases: Array<[string, FailureCounts, number]> = [
    ['no failures', counts(0, 0, null), 0],
    ['four account failures', counts(4, 4, ago(60_000)), 0],
    ['nineteen address failures', counts(1, 19, ago(60_000)), 0],
    ['five account failures, the oldest just now', counts(5, 5, now), 900],
    ['five account failures, the oldest 60 s ago', counts(5, 5, ago(60_000)), 840],
    ['twenty address failures, the oldest 10 min ago', counts(0, 20, ago(10 * 60_000)), 300],
    ['more than the limit', counts(9, 9, ago(5 * 60_000)), 600],
    ['both limits reached', counts(5, 20, ago(14 * 60_000)), 60],
    // Rounds up, so a client that waits exactly that long is allowed.
    ['a fraction of a second left rounds up', counts(5, 5, ago(THROTTLE_WINDOW_MS - 1_500)), 2],
    // Never 0 while limited: a 0 would tell the client to retry at once.
    ['the oldest already outside the window', counts(5, 5, ago(THROTTLE_WINDOW_MS + 1_000)), 1],
    ['limited with no oldest known', counts(5, 5, null), 900],
  ];

  it.each(cases)('%s → %i s', (_name, input, expected) => {
    expect(retryAfterSeconds(input, now)).toBe(expected);
  });
});
