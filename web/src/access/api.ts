import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  GrantsResponse,
  GrantView,
  PrivilegedAccountView,
  RegisterResponse,
  ReviewDetailResponse,
  ReviewLineView,
  ReviewSummaryView,
  ReviewsResponse,
  RevocationsResponse,
  RevocationTaskView,
} from '../../../src/access/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api, uploadFile } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type Register = Wire<RegisterResponse>;
export type PrivilegedAccount = Wire<PrivilegedAccountView>;
export type Grants = Wire<GrantsResponse>;
export type Grant = Wire<GrantView>;
export type Revocations = Wire<RevocationsResponse>;
export type RevocationTask = Wire<RevocationTaskView>;
export type Reviews = Wire<ReviewsResponse>;
export type ReviewSummary = Wire<ReviewSummaryView>;
export type ReviewDetail = Wire<ReviewDetailResponse>;
export type ReviewLine = Wire<ReviewLineView>;
export type FindingKind = PrivilegedAccount['findings'][number];
export type Tier = PrivilegedAccount['tier'];

export const FINDING_LABELS: Record<FindingKind, string> = {
  shared_account: 'Shared or generic account',
  admin_without_mfa: 'Admin without MFA',
  person_not_active: 'Person no longer active',
  no_person: 'No person behind it',
  standing_admin: 'Standing admin, no expiry',
  break_glass_used: 'Break-glass used',
};
export const TIER_LABELS: Record<Tier, string> = {
  standard: 'Standard',
  admin: 'Admin',
  global_admin: 'Global admin',
  break_glass: 'Break-glass',
};

export const accessPath = (slug: string) => `${wsPath(slug)}/access`;
const keys = {
  all: (slug: string) => ['access', slug] as const,
  register: (slug: string, revoked: boolean) => ['access', slug, 'register', revoked] as const,
  grants: (slug: string) => ['access', slug, 'grants'] as const,
  revocations: (slug: string) => ['access', slug, 'revocations'] as const,
  reviews: (slug: string) => ['access', slug, 'reviews'] as const,
  review: (slug: string, key: string) => ['access', slug, 'review', key.toUpperCase()] as const,
};

export function useRegister(slug: string, includeRevoked: boolean) {
  return useQuery({
    queryKey: keys.register(slug, includeRevoked),
    queryFn: ({ signal }) =>
      api<Register>(`${accessPath(slug)}/accounts`, {
        signal,
        query: { include: includeRevoked ? 'revoked' : undefined },
      }),
  });
}

export function useGrants(slug: string) {
  return useQuery({
    queryKey: keys.grants(slug),
    queryFn: ({ signal }) => api<Grants>(`${accessPath(slug)}/grants`, { signal }),
    // An active grant expires on its own: keep the list current.
    refetchInterval: 30_000,
  });
}

export function useRevocations(slug: string) {
  return useQuery({
    queryKey: keys.revocations(slug),
    queryFn: ({ signal }) => api<Revocations>(`${accessPath(slug)}/revocations`, { signal }),
    refetchInterval: 30_000,
  });
}

export function useReviews(slug: string) {
  return useQuery({
    queryKey: keys.reviews(slug),
    queryFn: ({ signal }) => api<Reviews>(`${accessPath(slug)}/reviews`, { signal }),
  });
}

export function useReview(slug: string, key: string) {
  return useQuery({
    queryKey: keys.review(slug, key),
    queryFn: ({ signal }) =>
      api<ReviewDetail>(`${accessPath(slug)}/reviews/${encodeURIComponent(key)}`, { signal }),
  });
}

/** Every access change can move findings, grants, tasks and reviews: refresh the area. */
function useAccessMutation<I, O>(slug: string, run: (input: I) => Promise<O>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: run,
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: keys.all(slug) });
      // A review started from, or completed for, an obligation's occurrence changes that page too.
      await client.invalidateQueries({ queryKey: ['obligations', slug] });
    },
  });
}

export type AccountBody = {
  systemId: string;
  accountName: string;
  membershipId: string | null;
  tier: Tier;
  mfa: 'yes' | 'no' | 'unknown';
  expiresAt: string | null;
  notes: string;
};

export const useAddAccount = (slug: string) =>
  useAccessMutation(slug, ({ key, ...body }: AccountBody & { key: string }) =>
    api<{ account: PrivilegedAccount }>(`${accessPath(slug)}/accounts`, {
      method: 'POST',
      body,
      idempotencyKey: key,
    }),
  );

export type AccountPatch = Partial<Omit<AccountBody, 'systemId'>> & {
  id: string;
  version: number;
  breakGlassLastUsedAt?: string | null;
  status?: 'active' | 'revoked';
};

export const useUpdateAccount = (slug: string) =>
  useAccessMutation(slug, ({ id, ...body }: AccountPatch) =>
    api<{ account: PrivilegedAccount }>(`${accessPath(slug)}/accounts/${id}`, { method: 'PATCH', body }),
  );

export type GrantBody = { systemId: string; tier: Tier; reason: string; durationMinutes: number };

export const useRequestGrant = (slug: string) =>
  useAccessMutation(slug, ({ key, ...body }: GrantBody & { key: string }) =>
    api<{ grant: Grant }>(`${accessPath(slug)}/grants`, { method: 'POST', body, idempotencyKey: key }),
  );

export const useDecideGrant = (slug: string) =>
  useAccessMutation(slug, (input: { key: string; outcome: 'approved' | 'rejected'; rationale: string }) =>
    api<{ grant: Grant }>(`${accessPath(slug)}/grants/${input.key}/decision`, {
      method: 'POST',
      body: { outcome: input.outcome, rationale: input.rationale },
    }),
  );

export const useWithdrawGrant = (slug: string) =>
  useAccessMutation(slug, (key: string) =>
    api<{ grant: Grant }>(`${accessPath(slug)}/grants/${key}/withdraw`, { method: 'POST', body: {} }),
  );

export const useConfirmRevocation = (slug: string) =>
  useAccessMutation(slug, async (input: { id: string; evidence: string; file: File | null }) => {
    const path = `${accessPath(slug)}/revocations/${input.id}`;
    if (input.file) await uploadFile(`${path}/evidence`, input.file, { filename: input.file.name });
    return api<{ task: RevocationTask }>(`${path}/confirm`, {
      method: 'POST',
      body: { evidence: input.evidence },
    });
  });

export type ReviewBody = {
  title: string;
  dueAt: string;
  systemIds: string[];
  partyIds: string[];
  /** Started from a recurring obligation's occurrence (its evidence pack lands there on completion). */
  obligationOccurrenceId?: string | null;
};

export const useStartReview = (slug: string) =>
  useAccessMutation(slug, ({ key, ...body }: ReviewBody & { key: string }) =>
    api<ReviewDetail>(`${accessPath(slug)}/reviews`, { method: 'POST', body, idempotencyKey: key }),
  );

export const useDecideLine = (slug: string, reviewKey: string) =>
  useAccessMutation(
    slug,
    (input: { lineId: string; outcome: 'keep' | 'revoke' | 'change'; comment: string }) =>
      api<{ line: ReviewLine; review: ReviewSummary }>(
        `${accessPath(slug)}/reviews/${reviewKey}/lines/${input.lineId}/decision`,
        { method: 'POST', body: { outcome: input.outcome, comment: input.comment } },
      ),
  );

export const formatDuration = (minutes: number) => {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return `${m} min`;
  return m === 0 ? `${h} h` : `${h} h ${m} min`;
};
