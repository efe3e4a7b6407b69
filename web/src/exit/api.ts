import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ExitPlan, ExitRunView } from '../../../src/exit/contract.ts';
import type { Wire } from '../../../src/server/http.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

export type ExitPlanData = Wire<ExitPlan>;
export type ExitRunData = Wire<ExitRunView>;

const planKey = (slug: string) => ['exit-plan', slug] as const;

/** The plan; polled every 2 s while an export or verification is being prepared (progress). */
export function useExitPlan(slug: string) {
  return useQuery({
    queryKey: planKey(slug),
    queryFn: ({ signal }) =>
      api<{ plan: ExitPlanData }>(`${wsPath(slug)}/exit`, { signal }).then((r) => r.plan),
    refetchInterval: (query) =>
      query.state.data?.runs.some((r) => r.status === 'queued' || r.status === 'running') ? 2000 : false,
  });
}

export function useStartRun(slug: string, kind: 'export' | 'verify') {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api<{ run: ExitRunData }>(`${wsPath(slug)}/exit/${kind === 'export' ? 'exports' : 'verifications'}`, {
        method: 'POST',
        body: {},
      }),
    onSuccess: () => client.invalidateQueries({ queryKey: planKey(slug) }),
  });
}
