export const PROBLEM_STATUSES = ['open', 'investigating', 'known_error', 'resolved', 'closed'] as const;
export type ProblemStatus = (typeof PROBLEM_STATUSES)[number];
export const WORKAROUND_KINDS = ['none', 'temporary', 'accepted'] as const;
export type WorkaroundKind = (typeof WORKAROUND_KINDS)[number];

const NEXT: Record<ProblemStatus, ProblemStatus[]> = {
  open: ['investigating', 'known_error', 'resolved', 'closed'],
  investigating: ['open', 'known_error', 'resolved', 'closed'],
  known_error: ['investigating', 'resolved', 'closed'],
  resolved: ['investigating', 'closed'],
  closed: ['investigating'],
};

export const canMoveProblem = (from: ProblemStatus, to: ProblemStatus) =>
  from === to || NEXT[from].includes(to);

export type ProblemShape = {
  status: ProblemStatus;
  workaround: string;
  workaroundKind: WorkaroundKind;
  workaroundExpiresOn: string | null;
  resolution: string;
  rootCause: string;
};

/** The first rule a problem's fields break, as [field, message]; null when consistent. */
export function problemRuleBroken(p: ProblemShape, today: string): [string, string] | null {
  if (p.workaroundKind === 'none') {
    if (p.workaroundExpiresOn) return ['workaroundExpiresOn', 'only a temporary workaround expires'];
    return null;
  }
  if (!p.workaround.trim()) return ['workaround', `a ${p.workaroundKind} workaround needs its steps`];
  if (p.workaroundKind === 'temporary') {
    if (!p.workaroundExpiresOn) return ['workaroundExpiresOn', 'a temporary workaround needs an expiry date'];
    if (p.workaroundExpiresOn < today) return ['workaroundExpiresOn', 'must not be in the past'];
  } else if (p.workaroundExpiresOn) {
    return ['workaroundExpiresOn', 'an accepted workaround does not expire'];
  }
  if (p.status === 'resolved' && !p.resolution.trim()) return ['resolution', 'say how it was resolved'];
  return null;
}

/** Whether the problem is a known error: flagged, or a root cause with a workaround written down. */
export const isKnownError = (p: { knownError: boolean; status: ProblemStatus }) =>
  p.knownError || p.status === 'known_error';

export type RecurrenceMeasure = { before: number; after: number; windowDays: number };

/**
 * Recurring tickets per service before and after a problem was resolved: tickets of the service
 * created within `windowDays` either side of the resolution, given their creation times.
 */
export function measureRecurrence(created: Date[], resolvedAt: Date, windowDays: number, now: Date) {
  const span = windowDays * 86_400_000;
  const from = resolvedAt.getTime() - span;
  const to = Math.min(resolvedAt.getTime() + span, now.getTime());
  let before = 0;
  let after = 0;
  for (const c of created) {
    const t = c.getTime();
    if (t >= from && t < resolvedAt.getTime()) before++;
    else if (t >= resolvedAt.getTime() && t <= to) after++;
  }
  const elapsedDays = Math.max(0, (to - resolvedAt.getTime()) / 86_400_000);
  return { before, after, windowDays, daysObservedAfter: Math.round(elapsedDays) };
}
