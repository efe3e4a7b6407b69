import { describe, expect, it } from 'vitest';
import {
  type FailureCounts,
  PASSWORD_LIMITS,
  retryAfterSeconds,
  SECOND_STEP_LIMITS,
  type Tally,
  THROTTLE_WINDOW_MS,
} from './login-throttle.ts';

const now = new Date('2030-01-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const none: Tally = { count: 0, oldestAt: null };
const tally = (count: number, oldestAt: Date | null): Tally => ({ count, oldestAt });
const counts = (byPair: Tally, byAddress: Tally = byPair, byKey: Tally = byPair): FailureCounts => ({
  byPair,
  byAddress,
  byKey,
});

describe('login throttle limits', () => {
  it('allows five failures per account and address pair and twenty per address in fifteen minutes', () => {
    expect(PASSWORD_LIMITS).toEqual({ perPair: 5, perAddress: 20, perKey: null });
    expect(THROTTLE_WINDOW_MS).toBe(15 * 60 * 1000);
  });
  it('also limits two-step codes per account (only the password holder gets that far)', () => {
    expect(SECOND_STEP_LIMITS).toEqual({ perPair: 5, perAddress: 20, perKey: 5 });
  });
});

describe('retryAfterSeconds for passwords', () => {
  const cases: Array<[string, FailureCounts, number]> = [
    ['no failures', counts(none), 0],
    ['four failures of the pair', counts(tally(4, ago(60_000))), 0],
    ['nineteen failures of the address', counts(tally(1, ago(60_000)), tally(19, ago(60_000))), 0],
    ['five failures of the pair, the oldest just now', counts(tally(5, now)), 900],
    ['five failures of the pair, the oldest 60 s ago', counts(tally(5, ago(60_000))), 840],
    ['twenty failures of the address, the oldest 10 min ago', counts(none, tally(20, ago(10 * 60_000))), 300],
    ['more than the limit', counts(tally(9, ago(5 * 60_000))), 600],
    // Both reached: the later expiry wins, not an older failure of the address.
    ['both limits reached', counts(tally(5, ago(60_000)), tally(20, ago(14 * 60_000))), 840],
    // Rounds up, so a client that waits exactly that long is allowed.
    ['a fraction of a second left rounds up', counts(tally(5, ago(THROTTLE_WINDOW_MS - 1_500))), 2],
    ['the oldest already outside the window', counts(tally(5, ago(THROTTLE_WINDOW_MS + 1_000))), 1],
    ['limited with no oldest known', counts(tally(5, null)), 900],
  ];

  it.each(cases)('%s → %i s', (_name, input, expected) => {
    expect(retryAfterSeconds(input, PASSWORD_LIMITS, now)).toBe(expected);
  });

  it('never throttles the account as a whole: 100 failures from other addresses leave a fresh address free', () => {
    // The lock-out defect: a stranger's failures counted against the owner everywhere.
    expect(retryAfterSeconds(counts(none, none, tally(100, ago(60_000))), PASSWORD_LIMITS, now)).toBe(0);
  });
});

describe('retryAfterSeconds for two-step codes', () => {
  it('refuses a sixth code for the account even from a new address', () => {
    expect(retryAfterSeconds(counts(none, none, tally(5, ago(60_000))), SECOND_STEP_LIMITS, now)).toBe(840);
  });
  it('allows a fifth attempt', () => {
    expect(retryAfterSeconds(counts(none, none, tally(4, ago(60_000))), SECOND_STEP_LIMITS, now)).toBe(0);
  });
});
