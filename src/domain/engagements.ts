/** The engagement with a provider (issue #13): pure rules, no I/O. */

export const ENGAGEMENT_PURPOSES = ['capacity', 'specialist_depth', 'coverage', 'governance'] as const;
export type EngagementPurpose = (typeof ENGAGEMENT_PURPOSES)[number];

export const REVIEW_CADENCES = ['weekly', 'fortnightly', 'monthly', 'quarterly'] as const;
export type ReviewCadence = (typeof REVIEW_CADENCES)[number];

export const ENGAGEMENT_PROPOSAL_STATUSES = ['open', 'approved', 'rejected'] as const;
export type EngagementProposalStatus = (typeof ENGAGEMENT_PROPOSAL_STATUSES)[number];

/** The contract terms, in the order the leaders' checklist names them. */
export const CLAUSE_KINDS = [
  'scope',
  'service_levels',
  'reporting',
  'security_obligations',
  'confidentiality_data_handling',
  'backup',
  'access_controls',
  'incident_roles',
  'subcontractors',
  'offboarding',
  'documentation',
] as const;
export type ClauseKind = (typeof CLAUSE_KINDS)[number];

export const CLAUSE_TITLES: Record<ClauseKind, string> = {
  scope: 'Scope',
  service_levels: 'Service levels',
  reporting: 'Reporting',
  security_obligations: 'Security obligations',
  confidentiality_data_handling: 'Confidentiality and data handling',
  backup: 'Backup responsibilities',
  access_controls: 'Access controls',
  incident_roles: 'Incident-response roles',
  subcontractors: 'Subcontractors',
  offboarding: 'Offboarding',
  documentation: 'Ownership of documentation',
};

export const INCIDENT_ROLES = ['commander', 'communications', 'vendor_contact'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export type Clause = {
  kind: ClauseKind;
  text: string;
  /** security_obligations: recurring obligations that enforce it. */
  obligationIds?: string[] | undefined;
  /** incident_roles: the standing role each party fills. */
  incidentRoles?: Array<{ role: IncidentRole; partyId: string; person: string }> | undefined;
  /** subcontractors: who they are and what they can reach. */
  subcontractors?: Array<{ name: string; reach: string }> | undefined;
  /** offboarding: notice period and handover deliverables. */
  noticeDays?: number | undefined;
  deliverables?: string[] | undefined;
};

export type EngagementTerms = {
  purposes: EngagementPurpose[];
  intent: string;
  ownerMembershipId: string;
  reviewCadence: ReviewCadence;
  clauses: Clause[];
};

/** Clauses in checklist order, one per kind; the first problem found, or null. */
export function checkClauses(clauses: Clause[]): { index: number; field: string; message: string } | null {
  const seen = new Set<ClauseKind>();
  for (const [index, clause] of clauses.entries()) {
    if (seen.has(clause.kind)) return { index, field: 'kind', message: `names ${clause.kind} twice` };
    seen.add(clause.kind);
    const extras: Array<[keyof Clause, ClauseKind]> = [
      ['obligationIds', 'security_obligations'],
      ['incidentRoles', 'incident_roles'],
      ['subcontractors', 'subcontractors'],
      ['noticeDays', 'offboarding'],
      ['deliverables', 'offboarding'],
    ];
    for (const [field, kind] of extras)
      if (clause[field] !== undefined && clause.kind !== kind)
        return { index, field, message: `belongs only to the ${kind} clause` };
  }
  return null;
}

export const sortClauses = (clauses: Clause[]) =>
  [...clauses].sort((a, b) => CLAUSE_KINDS.indexOf(a.kind) - CLAUSE_KINDS.indexOf(b.kind));

/** JSON with keys sorted: stored terms come back from jsonb in its own key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/** Which parts of the terms differ, in words ("Scope, Reporting, purpose"), for a version's summary. */
export function describeChange(before: EngagementTerms, after: EngagementTerms): string {
  const changed: string[] = [];
  for (const kind of CLAUSE_KINDS) {
    const a = before.clauses.find((c) => c.kind === kind);
    const b = after.clauses.find((c) => c.kind === kind);
    if (canonical(a ?? null) !== canonical(b ?? null)) changed.push(CLAUSE_TITLES[kind]);
  }
  if (canonical(before.purposes) !== canonical(after.purposes) || before.intent !== after.intent)
    changed.push('purpose');
  if (before.ownerMembershipId !== after.ownerMembershipId) changed.push('relationship owner');
  if (before.reviewCadence !== after.reviewCadence) changed.push('review cadence');
  return changed.length ? `Changed: ${changed.join(', ')}` : 'No change';
}

export const missingClauses = (clauses: Clause[]) =>
  CLAUSE_KINDS.filter((k) => !clauses.some((c) => c.kind === k));
