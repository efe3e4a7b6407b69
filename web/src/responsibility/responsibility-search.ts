import type { ProposalStatus } from './api';

const positiveInt = (value: unknown): number | undefined => {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isInteger(number) && number > 0 ? number : undefined;
};

export interface MatrixSearch {
  /** An older version to read; absent for the current map. */
  version?: number;
}

export function validateMatrixSearch(search: Record<string, unknown>): MatrixSearch {
  const version = positiveInt(search.version);
  return version ? { version } : {};
}

export interface ProposalsSearch {
  /** Absent: awaiting decision, the inbox's first tab. */
  status?: ProposalStatus | 'all';
}

const STATUSES: readonly string[] = ['proposed', 'approved', 'rejected', 'withdrawn', 'all'];

export function validateProposalsSearch(search: Record<string, unknown>): ProposalsSearch {
  return typeof search.status === 'string' && STATUSES.includes(search.status) && search.status !== 'proposed'
    ? { status: search.status as ProposalsSearch['status'] }
    : {};
}

export interface VersionsSearch {
  from?: number;
  to?: number;
}

export function validateVersionsSearch(search: Record<string, unknown>): VersionsSearch {
  const out: VersionsSearch = {};
  const from = positiveInt(search.from);
  const to = positiveInt(search.to);
  if (from) out.from = from;
  if (to) out.to = to;
  return out;
}

/** A route's `$number` as a proposal or decision number, or null when it is not one. */
export const parseNumber = (value: string): number | null => positiveInt(value) ?? null;
