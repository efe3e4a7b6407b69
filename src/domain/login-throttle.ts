/**
 * Throttling of password and two-step guesses. It limits the guesser, never the owner: failures
 * count per (key, address) pair and per address, so a stranger's wrong guesses cannot stop the
 * owner signing in from anywhere else. A key is a normalised e-mail (passwords) or
 * `mfa:<account id>` (two-step codes, which also count per key: see SECOND_STEP_LIMITS).
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

export type ThrottleLimits = {
  /** Failures of one key from one address: one guesser at one account. */
  perPair: number;
  /** Failures from one address, whatever the key: one guesser at many accounts. */
  perAddress: number;
  /** Failures of one key from any address, or null for no such limit. */
  perKey: number | null;
};

/** Passwords: no limit per account, so nobody can lock its owner out. */
export const PASSWORD_LIMITS: ThrottleLimits = { perPair: 5, perAddress: 20, perKey: null };

/**
 * Two-step codes: only whoever already holds the password reaches this step, so a limit per
 * account locks out nobody but that holder, and it stops six digits being guessed from many
 * addresses at once.
 */
export const SECOND_STEP_LIMITS: ThrottleLimits = { perPair: 5, perAddress: 20, perKey: 5 };

/** Failures inside the window and the oldest of them. */
export type Tally = { count: number; oldestAt: Date | null };
export type FailureCounts = { byPair: Tally; byAddress: Tally; byKey: Tally };

/**
 * Seconds the caller must wait, or 0 when another attempt is allowed. The wait runs from the
 * oldest failure of each limit reached, and the longest of those wins.
 */
export function retryAfterSeconds(counts: FailureCounts, limits: ThrottleLimits, now: Date): number {
  const reached = [
    [counts.byPair, limits.perPair],
    [counts.byAddress, limits.perAddress],
    [counts.byKey, limits.perKey],
  ].flatMap(([tally, limit]) =>
    limit !== null && (tally as Tally).count >= (limit as number) ? [tally as Tally] : [],
  );
  if (reached.length === 0) return 0;
  const waits = reached.map(({ oldestAt }) =>
    Math.ceil(((oldestAt ?? now).getTime() + THROTTLE_WINDOW_MS - now.getTime()) / 1000),
  );
  // Never 0 while limited: a 0 would tell the client to retry at once.
  return Math.max(1, ...waits);
}
