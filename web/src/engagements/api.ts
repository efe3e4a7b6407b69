import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import type {
  EngagementListResponse,
  EngagementResponse,
  TermsBody,
} from '../../../src/engagements/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type EngagementList = Wire<EngagementListResponse>;
export type Engagement = Wire<EngagementResponse>['engagement'];
export type ClauseView = Engagement['terms']['clauses'][number];
export type Proposal = Engagement['proposals'][number];
export type Terms = TermsBody;
export type ClauseKind = ClauseView['kind'];

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

export const PURPOSE_LABELS: Record<Engagement['purposes'][number], string> = {
  capacity: 'Capacity',
  specialist_depth: 'Specialist depth',
  coverage: 'Coverage',
  governance: 'Governance',
};
export const CADENCE_LABELS: Record<Engagement['reviewCadence'], string> = {
  weekly: 'Weekly',
  fortnightly: 'Fortnightly',
  monthly: 'Monthly',
  quarterly: 'Quarterly',
};

const base = (slug: string) => `${wsPath(slug)}/engagements`;

export const engagementsQueryOptions = (slug: string) =>
  queryOptions({
    queryKey: ['engagements', slug],
    queryFn: ({ signal }) => api<EngagementList>(base(slug), { signal }),
  });

export const engagementQueryOptions = (slug: string, id: string) =>
  queryOptions({
    queryKey: ['engagements', slug, id],
    queryFn: ({ signal }) => api<Wire<EngagementResponse>>(`${base(slug)}/${id}`, { signal }),
  });

export const annexUrl = (slug: string, id: string, format: 'md' | 'html' | 'csv') =>
  `${base(slug)}/${id}/annex/${format}`;

/** The terms as the server holds them, ready to send back with one part changed. */
export function termsOf(engagement: Engagement): Terms {
  const { terms } = engagement;
  return {
    purposes: terms.purposes,
    intent: terms.intent,
    ownerMembershipId: terms.owner.membershipId,
    reviewCadence: terms.reviewCadence,
    clauses: terms.clauses.map(({ title: _t, enforcedBy: _e, ...clause }) => clause),
  };
}

function useRefresh(slug: string) {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: ['engagements', slug] });
}

/** The internal lead's edit (a new version) or, for the provider, a proposal. */
export function useChangeTerms(slug: string, engagement: Engagement) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({ terms, idempotencyKey }: { terms: Terms; idempotencyKey: string }) => {
      const body = { ...terms, baseVersion: engagement.currentVersion };
      return engagement.abilities.edit
        ? api<unknown>(`${base(slug)}/${engagement.id}/terms`, { method: 'PUT', body })
        : api<unknown>(`${base(slug)}/${engagement.id}/proposals`, { method: 'POST', body, idempotencyKey });
    },
    onSuccess: refresh,
  });
}

export function useDecideProposal(slug: string, engagementId: string) {
  const refresh = useRefresh(slug);
  return useMutation({
    mutationFn: ({
      proposalId,
      decision,
      note,
    }: {
      proposalId: string;
      decision: 'approve' | 'reject';
      note?: string;
    }) =>
      api<unknown>(`${base(slug)}/${engagementId}/proposals/${proposalId}/${decision}`, {
        method: 'POST',
        body: note ? { note } : {},
      }),
    onSuccess: refresh,
  });
}
