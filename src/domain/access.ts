/** Privileged access: the register's findings, grant durations and review progress (pure rules). */

export const PRIVILEGE_TIERS = ['standard', 'admin', 'global_admin', 'break_glass'] as const;
export type PrivilegeTier = (typeof PRIVILEGE_TIERS)[number];
export const MFA_STATES = ['yes', 'no', 'unknown'] as const;
export type MfaState = (typeof MFA_STATES)[number];
export const REVIEW_OUTCOMES = ['keep', 'revoke', 'change'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const GRANT_STATUSES = ['requested', 'active', 'rejected', 'withdrawn', 'expired'] as const;
export type GrantStatus = (typeof GRANT_STATUSES)[number];
export const REVOCATION_SOURCES = ['grant_expired', 'review', 'offboarding'] as const;
export type RevocationSource = (typeof REVOCATION_SOURCES)[number];
export const ACCESS_REVIEW_STATUSES = ['open', 'completed'] as const;

export const FINDING_KINDS = [
  'shared_account',
  'admin_without_mfa',
  'person_not_active',
  'no_person',
  'standing_admin',
  'break_glass_used',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_LABELS: Record<FindingKind, string> = {
  shared_account: 'Shared or generic account',
  admin_without_mfa: 'Admin without MFA',
  person_not_active: 'Person no longer active',
  no_person: 'No person behind the account',
  standing_admin: 'Standing admin without expiry',
  break_glass_used: 'Break-glass account used',
};

/** Default longest time-bound grant: one working day. */
export const DEFAULT_MAX_GRANT_MINUTES = 8 * 60;
export const MAX_GRANT_MINUTES_CEILING = 30 * 24 * 60;

export const isPrivileged = (tier: PrivilegeTier) => tier !== 'standard';

/** Names that say "nobody in particular" (admin, root, svc-backup, shared@…). */
const GENERIC_NAMES =
  /^(admin|administrator|root|sa|superuser|support|helpdesk|it|itadmin|shared|test|temp|guest|service|operator|backup)([._-]?\d*)?$/i;
const GENERIC_PREFIXES = /^(svc|service|shared|generic|test|temp)[._-]/i;

export function isGenericAccountName(accountName: string): boolean {
  const local = accountName.trim().split('@')[0]!.split('\\').pop()!;
  return GENERIC_NAMES.test(local) || GENERIC_PREFIXES.test(local);
}

export type RegisterAccount = {
  accountName: string;
  tier: PrivilegeTier;
  mfa: MfaState;
  /** The person behind it: null when nobody is named. */
  person: { active: boolean } | null;
  expiresAt: Date | null;
  breakGlassLastUsedAt: Date | null;
};

/** What is wrong with one account, in a fixed order. */
export function accountFindings(account: RegisterAccount): FindingKind[] {
  const found: FindingKind[] = [];
  const privileged = isPrivileged(account.tier);
  if (isGenericAccountName(account.accountName)) found.push('shared_account');
  if (privileged && account.mfa !== 'yes') found.push('admin_without_mfa');
  if (account.person && !account.person.active) found.push('person_not_active');
  if (!account.person) found.push('no_person');
  // Break-glass accounts are standing by design; their use is the finding.
  if ((account.tier === 'admin' || account.tier === 'global_admin') && account.expiresAt === null)
    found.push('standing_admin');
  if (account.tier === 'break_glass' && account.breakGlassLastUsedAt !== null) found.push('break_glass_used');
  return found;
}

/**
 * The findings an access-review line shows from its snapshot (the account as it was when the
 * campaign started): what can be told without the register's live data.
 */
export function lineFindings(snapshot: {
  accountName: string;
  person: string | null;
  tier: string;
  mfa: string;
}) {
  const found: FindingKind[] = [];
  if (isGenericAccountName(snapshot.accountName)) found.push('shared_account');
  if (snapshot.tier !== 'standard' && snapshot.mfa !== 'yes') found.push('admin_without_mfa');
  if (!snapshot.person) found.push('no_person');
  return found;
}

/** How many accounts carry each finding (every kind listed, zero included). */
export function countFindings(lists: FindingKind[][]): Record<FindingKind, number> {
  const counts = Object.fromEntries(FINDING_KINDS.map((k) => [k, 0])) as Record<FindingKind, number>;
  for (const list of lists) for (const kind of list) counts[kind] += 1;
  return counts;
}

/** The problem with a requested duration, or null when it may be asked for. */
export function grantDurationProblem(minutes: number, maxMinutes: number): string | null {
  if (!Number.isInteger(minutes) || minutes < 1) return 'must be a whole number of minutes, at least 1';
  if (minutes > maxMinutes)
    return `must be at most ${formatMinutes(maxMinutes)} (${maxMinutes} minutes), the workspace's maximum for a grant`;
  return null;
}

export function formatMinutes(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
}

export const grantExpiry = (approvedAt: Date, minutes: number) =>
  new Date(approvedAt.getTime() + minutes * 60_000);

/** Share of decided lines, 0–1 (a campaign without lines is complete). */
export function completionRate(lines: { decided: boolean }[]): number {
  if (lines.length === 0) return 1;
  return lines.filter((l) => l.decided).length / lines.length;
}

/** Across campaigns, for the service review: decided lines over all lines in the period. */
export function reviewCompletionRate(campaigns: { total: number; decided: number }[]): number | null {
  const total = campaigns.reduce((s, c) => s + c.total, 0);
  if (total === 0) return null;
  return campaigns.reduce((s, c) => s + c.decided, 0) / total;
}

export const isLineOverdue = (line: { decided: boolean }, dueAt: Date, now: Date) =>
  !line.decided && dueAt.getTime() < now.getTime();

/**
 * Who reviews a line: the named internal person accountable for the system's service when there
 * is one and still active, else the internal lead.
 */
export function lineReviewer(accountable: string | null, internalLead: string): string {
  return accountable ?? internalLead;
}

export const grantKey = (number: number) => `AG-${number}`;
export const reviewKey = (number: number) => `AR-${number}`;
