/** Pure rules of change enablement: lifecycle, risk level, windows, freezes and conflicts. No I/O. */

export const CHANGE_TYPES = ['standard', 'normal', 'emergency'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];

export const CHANGE_STATUSES = [
  'draft',
  'submitted',
  'approved',
  'rejected',
  'scheduled',
  'in_progress',
  'implemented',
  'failed',
  'backed_out',
  'reviewed',
] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export const CHANGE_OUTCOMES = ['implemented', 'failed', 'backed_out'] as const;
export type ChangeOutcome = (typeof CHANGE_OUTCOMES)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'very_high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const CHANGE_LINK_KINDS = ['service', 'system', 'ticket', 'problem', 'incident'] as const;
export type ChangeLinkKind = (typeof CHANGE_LINK_KINDS)[number];

/** The decision types that authorise a change (shipped as default decision types). */
export const APPROVE_NORMAL_CHANGE = 'approve-normal-change';
export const EMERGENCY_CHANGE = 'emergency-change';
export const decisionTypeFor = (type: ChangeType) =>
  type === 'emergency' ? EMERGENCY_CHANGE : APPROVE_NORMAL_CHANGE;

export const changeKey = (n: number) => `CHG-${n}`;
export const templateKey = (n: number) => `CHT-${n}`;

/** Likelihood × impact (1–5 each) on the usual 5 × 5 matrix. */
export function riskLevel(likelihood: number, impact: number): RiskLevel {
  const score = likelihood * impact;
  if (score >= 15) return 'very_high';
  if (score >= 8) return 'high';
  if (score >= 4) return 'medium';
  return 'low';
}

export const CHANGE_STEPS = [
  'submit',
  'approve',
  'reject',
  'schedule',
  'start',
  'implemented',
  'failed',
  'backed_out',
  'close',
  'withdraw',
] as const;
export type ChangeStep = (typeof CHANGE_STEPS)[number];

/**
 * The lifecycle: draft → submitted → approved / rejected → scheduled → in progress →
 * implemented / failed / backed out → reviewed. A rejected change goes back to its submitter,
 * who may edit and submit it again; a withdrawn request returns the change to draft.
 */
const TRANSITIONS: Record<ChangeStep, { from: readonly ChangeStatus[]; to: ChangeStatus }> = {
  submit: { from: ['draft', 'rejected'], to: 'submitted' },
  approve: { from: ['submitted'], to: 'approved' },
  reject: { from: ['submitted'], to: 'rejected' },
  withdraw: { from: ['submitted'], to: 'draft' },
  schedule: { from: ['approved'], to: 'scheduled' },
  start: { from: ['scheduled'], to: 'in_progress' },
  implemented: { from: ['in_progress'], to: 'implemented' },
  failed: { from: ['in_progress'], to: 'failed' },
  backed_out: { from: ['in_progress'], to: 'backed_out' },
  close: { from: ['implemented', 'failed', 'backed_out'], to: 'reviewed' },
};

export type TransitionResult = { ok: true; to: ChangeStatus } | { ok: false; message: string };

export function transition(from: ChangeStatus, step: ChangeStep): TransitionResult {
  const rule = TRANSITIONS[step];
  if (rule.from.includes(from)) return { ok: true, to: rule.to };
  return {
    ok: false,
    message: `A change that is ${statusLabel(from)} cannot be ${STEP_PAST[step]}; only one that is ${rule.from
      .map(statusLabel)
      .join(' or ')}.`,
  };
}

const STEP_PAST: Record<ChangeStep, string> = {
  submit: 'submitted',
  approve: 'approved',
  reject: 'rejected',
  withdraw: 'withdrawn',
  schedule: 'scheduled',
  start: 'started',
  implemented: 'marked implemented',
  failed: 'marked failed',
  backed_out: 'marked backed out',
  close: 'closed',
};

export const statusLabel = (s: ChangeStatus) => s.replace('_', ' ');

/** Content can be edited only while the change is with its author. */
export const isEditable = (s: ChangeStatus) => s === 'draft' || s === 'rejected';

/** Changes that still occupy their window (drafts and rejected ones do not). */
export const ACTIVE_STATUSES: readonly ChangeStatus[] = ['submitted', 'approved', 'scheduled', 'in_progress'];
/** Changes shown on the calendar: everything past draft that was not rejected. */
export const CALENDAR_STATUSES: readonly ChangeStatus[] = [
  'submitted',
  'approved',
  'scheduled',
  'in_progress',
  'implemented',
  'failed',
  'backed_out',
  'reviewed',
];

/** A failed, backed-out or emergency change needs a post-implementation review before it closes. */
export const needsReview = (c: { type: ChangeType; outcome: ChangeOutcome | null }) =>
  c.type === 'emergency' || c.outcome === 'failed' || c.outcome === 'backed_out';

/** What a review must say before a change that needs one can close. */
export function missingReview(review: { summary: string; lessons: string }): string[] {
  const missing: string[] = [];
  if (review.summary.trim() === '') missing.push('summary');
  if (review.lessons.trim() === '') missing.push('lessons');
  return missing;
}

export type Window = { start: Date; end: Date };

/** Why a planned window is unusable, or null. */
export function windowProblem(start: Date, end: Date): string | null {
  if (end.getTime() <= start.getTime()) return 'must end after it starts';
  if (end.getTime() - start.getTime() > 31 * 24 * 3600_000) return 'must not last more than 31 days';
  return null;
}

export const overlaps = (a: Window, b: Window) =>
  a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type Freeze = Window & { id: string; title: string };

/** The first freeze the window falls in (by start), or null. */
export function freezeHit<F extends Freeze>(window: Window, freezes: F[]): F | null {
  return (
    [...freezes].sort((a, b) => a.start.getTime() - b.start.getTime()).find((f) => overlaps(window, f)) ??
    null
  );
}

/**
 * Whether a change in a freeze may go ahead: only an emergency with a recorded reason.
 * Returns the freeze that blocks it, or null.
 */
export function blockingFreeze<F extends Freeze>(
  change: { type: ChangeType; emergencyReason: string | null } & Window,
  freezes: F[],
): F | null {
  const hit = freezeHit(change, freezes);
  if (!hit) return null;
  if (change.type === 'emergency' && (change.emergencyReason ?? '').trim() !== '') return null;
  return hit;
}

export type ConflictCandidate = Window & { id: string; systemIds: string[] };
export type DependencyEdge = { systemId: string; dependsOnSystemId: string };
export type ChangeConflict = {
  changeId: string;
  systemId: string;
  otherSystemId: string;
  reason: 'same_system' | 'depends_on' | 'dependency_of';
};

/**
 * Other changes in overlapping windows that touch the same system, a system this one's systems
 * depend on, or a system that depends on them (one step in the systems register either way).
 */
export function findConflicts(
  change: ConflictCandidate,
  others: ConflictCandidate[],
  edges: DependencyEdge[],
): ChangeConflict[] {
  const found: ChangeConflict[] = [];
  const mine = new Set(change.systemIds);
  const dependsOn = new Set(edges.map((e) => `${e.systemId}>${e.dependsOnSystemId}`));
  for (const other of others) {
    if (other.id === change.id || !overlaps(change, other)) continue;
    for (const theirs of other.systemIds) {
      for (const own of mine) {
        const reason =
          own === theirs
            ? 'same_system'
            : dependsOn.has(`${own}>${theirs}`)
              ? 'depends_on'
              : dependsOn.has(`${theirs}>${own}`)
                ? 'dependency_of'
                : null;
        if (reason) found.push({ changeId: other.id, systemId: own, otherSystemId: theirs, reason });
      }
    }
  }
  return found;
}

export type Outcome = { outcome: ChangeOutcome; completedAt: Date };
export type SuccessRatePeriod = {
  period: string;
  completed: number;
  implemented: number;
  failed: number;
  backedOut: number;
  /** Share implemented, 0–1; null when nothing completed in the period. */
  rate: number | null;
};

/** Month (YYYY-MM) or quarter (YYYY-Qn) of a date in UTC. */
export function periodOf(at: Date, period: 'month' | 'quarter'): string {
  const y = at.getUTCFullYear();
  const m = at.getUTCMonth();
  return period === 'month' ? `${y}-${String(m + 1).padStart(2, '0')}` : `${y}-Q${Math.floor(m / 3) + 1}`;
}

/** Every period from `from` to `to` (inclusive), in order, so empty periods show as such. */
export function periodsBetween(from: Date, to: Date, period: 'month' | 'quarter'): string[] {
  const out: string[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
  while (cursor.getTime() <= to.getTime()) {
    const p = periodOf(cursor, period);
    if (out[out.length - 1] !== p) out.push(p);
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return out;
}

/** Change success rate per period: implemented ÷ completed (failed and backed-out changes count against). */
export function successRates(
  outcomes: Outcome[],
  from: Date,
  to: Date,
  period: 'month' | 'quarter',
): SuccessRatePeriod[] {
  const rows = new Map(
    periodsBetween(from, to, period).map((p) => [
      p,
      { period: p, completed: 0, implemented: 0, failed: 0, backedOut: 0, rate: null as number | null },
    ]),
  );
  for (const o of outcomes) {
    const row = rows.get(periodOf(o.completedAt, period));
    if (!row) continue;
    row.completed += 1;
    if (o.outcome === 'implemented') row.implemented += 1;
    else if (o.outcome === 'failed') row.failed += 1;
    else row.backedOut += 1;
  }
  for (const row of rows.values()) row.rate = row.completed === 0 ? null : row.implemented / row.completed;
  return [...rows.values()];
}
