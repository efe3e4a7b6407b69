/** Failed sign-ins allowed per window before further attempts are refused. */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_ADDRESS = 20;

export type FailureCounts = {
  byAccount: number;
  byAddress: number;
  /** The oldest failure inside the window for whichever limit is reached. */
  oldestCountedAt: Date | null;
};

/** Seconds the caller must wait, or 0 when another attempt is allowed. */
export function retryAfterSeconds(counts: FailureCounts, now: Date): number {
  const limited =
    counts.byAccount >= MAX_FAILURES_PER_ACCOUNT || counts.byAddress >= MAX_FAILURES_PER_ADDRESS;
  if (!limited) return 0;
  const oldest = counts.oldestCountedAt ?? now;
  return Math.max(1, Math.ceil((oldest.getTime() + THROTTLE_WINDOW_MS - now.getTime()) / 1000));
}
