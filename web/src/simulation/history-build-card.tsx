import { Alert, Progress, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { Wire } from '../../../src/server/http.ts';
import type { HistoryBuildResponse } from '../../../src/simulation/contract.ts';
import { api } from '../ui/api-client';
import { wsPath } from '../workspaces/api';

type Build = NonNullable<Wire<HistoryBuildResponse>['build']>;
const active = (b: Build | null | undefined) => b?.state === 'queued' || b?.state === 'building';

const WORDS: Record<number, string> = {
  1: 'one month',
  3: 'three months',
  6: 'six months',
  12: 'twelve months',
};
const monthsWords = (n: number) => WORDS[n] ?? `${n} months`;

/**
 * The demo's simulated history while it builds in the background: a progress bar in words, polled
 * every few seconds, gone when done. When it finishes, the measures and reviews are fetched again.
 */
export function HistoryBuildCard({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const query = useQuery({
    queryKey: ['history-build', slug],
    queryFn: ({ signal }) => api<Wire<HistoryBuildResponse>>(`${wsPath(slug)}/history-build`, { signal }),
    refetchInterval: (q) => (active(q.state.data?.build) ? 3_000 : false),
  });
  const build = query.data?.build;
  const wasActive = useRef(false);
  useEffect(() => {
    if (active(build)) wasActive.current = true;
    else if (wasActive.current && build?.state === 'done') {
      wasActive.current = false;
      void queryClient.invalidateQueries({ queryKey: ['measures', slug] });
      void queryClient.invalidateQueries({ queryKey: ['reviews', slug] });
      void queryClient.invalidateQueries({ queryKey: ['readiness', slug] });
    }
  }, [build, queryClient, slug]);

  // Nothing to say when there is no build, it is done, or the progress cannot be read (it is a demo aid).
  if (!build || build.state === 'done') return null;
  const label = `Building ${monthsWords(build.months)} of demo history: ${build.daysDone} of ${build.daysTotal} days`;
  if (build.state === 'failed')
    return (
      <Alert color="orange" variant="light" title="The demo history stopped part-way">
        {label}. {build.error ?? ''} It goes on from there when the server next starts.
      </Alert>
    );
  return (
    <Alert color="blue" variant="light" title="Demo history" data-testid="history-build">
      <Stack gap={6}>
        <Text size="sm">
          {build.state === 'queued' ? `Queued: ${label}.` : `${label}.`} Trends and reviews of these days fill
          in as it goes; the rest of Tandem works meanwhile.
        </Text>
        <Progress
          value={build.daysTotal > 0 ? (100 * build.daysDone) / build.daysTotal : 0}
          aria-label={label}
          animated
          size="lg"
        />
      </Stack>
    </Alert>
  );
}
