/** Pure rules of the risk register: scoring, levels, the heat map and acceptance state. */

export const RISK_STATUSES = ['open', 'closed'] as const;
export const ACCEPTANCE_STATES = ['none', 'accepted', 'expired'] as const;
export type AcceptanceState = (typeof ACCEPTANCE_STATES)[number];

export const RISK_TREATMENTS = ['mitigate', 'accept', 'transfer', 'avoid'] as const;
export type RiskTreatment = (typeof RISK_TREATMENTS)[number];

/** Where a risk was raised from (an access-review finding is raised from its review, AR-3). */
export const RISK_SOURCE_KINDS = ['problem', 'incident', 'obligation', 'access_review'] as const;
export type RiskSourceKind = (typeof RISK_SOURCE_KINDS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const SCALE = [1, 2, 3, 4, 5] as const;
export const LIKELIHOOD_LABELS = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'] as const;
export const IMPACT_LABELS = ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'] as const;

export const riskKey = (number: number) => `RISK-${number}`;

export const riskScore = (likelihood: number, impact: number) => likelihood * impact;

/** The level of a likelihood × impact pair on the 5 × 5 grid (score 1–25). */
export function riskLevel(likelihood: number, impact: number): RiskLevel {
  if (!SCALE.includes(likelihood as 1) || !SCALE.includes(impact as 1))
    throw new RangeError('likelihood and impact are 1 to 5');
  const score = riskScore(likelihood, impact);
  if (score >= 16) return 'critical';
  if (score >= 10) return 'high';
  if (score >= 5) return 'medium';
  return 'low';
}

/** Residual risk cannot be worse than the inherent risk it is measured against. */
export function residualProblem(
  inherent: { likelihood: number; impact: number },
  residual: { likelihood: number; impact: number },
): string | null {
  return riskScore(residual.likelihood, residual.impact) > riskScore(inherent.likelihood, inherent.impact)
    ? 'the residual score must not be higher than the inherent score'
    : null;
}

export type HeatMapCell = { likelihood: number; impact: number; level: RiskLevel; count: number };

/** Counts per cell, impact rows from 5 down to 1, likelihood columns 1 to 5 (every cell present). */
export function heatMap(points: { likelihood: number; impact: number }[]): HeatMapCell[][] {
  const counts = new Map<string, number>();
  for (const p of points)
    counts.set(`${p.likelihood}:${p.impact}`, (counts.get(`${p.likelihood}:${p.impact}`) ?? 0) + 1);
  return [...SCALE].reverse().map((impact) =>
    SCALE.map((likelihood) => ({
      likelihood,
      impact,
      level: riskLevel(likelihood, impact),
      count: counts.get(`${likelihood}:${impact}`) ?? 0,
    })),
  );
}

export type AcceptanceView = 'none' | 'accepted' | 'expired';

/** What the register shows: an acceptance past its expiry reads as expired even before the timer runs. */
export function acceptanceView(state: AcceptanceView, acceptedUntil: Date | null, now: Date): AcceptanceView {
  if (state === 'accepted' && acceptedUntil && acceptedUntil.getTime() <= now.getTime()) return 'expired';
  return state;
}

/** How far ahead an acceptance may run (the business re-decides at least this often). */
export const MAX_ACCEPTANCE_DAYS = 3 * 366;

export function acceptanceExpiryProblem(expiresAt: Date, now: Date): string | null {
  if (expiresAt.getTime() <= now.getTime()) return 'must be in the future';
  if (expiresAt.getTime() - now.getTime() > MAX_ACCEPTANCE_DAYS * 86_400_000)
    return 'must be within three years';
  return null;
}

/** Three missed occurrences in a row (newest first) raise a risk. */
export const MISSES_THAT_RAISE_A_RISK = 3;
export function missedInARow(newestFirst: { missed: boolean }[]): number {
  let n = 0;
  for (const o of newestFirst) {
    if (!o.missed) break;
    n++;
  }
  return n;
}
