import { Button, Group, Mark, Paper, Stack, Text } from '@mantine/core';
import { IconSearchOff } from '@tabler/icons-react';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { pluralise } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { AnchorLink } from '../ui/router-links';
import { useTicketSearch } from './api';
import { PriorityBadge, StatusBadge } from './badges';
import type { SearchHit } from './types';

/**
 * The snippet as the server split it: plain text with highlighted words in <mark>. Security: the parts
 * are rendered as text, never as HTML, so a ticket's words cannot inject markup.
 */
export function Snippet({ segments }: { segments: SearchHit['snippet'] }) {
  return (
    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
      {segments.map((segment, index) =>
        segment.highlight ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: a snippet's parts never reorder
          <Mark key={index} color="yellow">
            {segment.text}
          </Mark>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: a snippet's parts never reorder
          <span key={index}>{segment.text}</span>
        ),
      )}
    </Text>
  );
}

/** Ranked full-text results over subjects, descriptions and the comments the reader may see. */
export function SearchResults({ slug, q, onClear }: { slug: string; q: string; onClear: () => void }) {
  const search = useTicketSearch(slug, q);
  const items = search.data?.items ?? [];

  if (search.isPending) return <ListSkeleton rows={4} label="Searching tickets" />;
  if (search.isError) return <ErrorState error={search.error} onRetry={() => void search.refetch()} />;
  if (items.length === 0)
    return (
      <EmptyState
        icon={<IconSearchOff aria-hidden />}
        title={`Nothing found for “${q}”`}
        description="Try fewer or other words: search looks at subjects, descriptions and the comments you may read."
        action={
          <Button variant="light" onClick={onClear}>
            Clear search
          </Button>
        }
      />
    );
  return (
    <Stack gap="xs">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" aria-live="polite">
          {pluralise(items.length, 'result')} for “{q}”, best match first
        </Text>
        <Button variant="subtle" size="xs" onClick={onClear}>
          Clear search
        </Button>
      </Group>
      <Stack gap="xs" component="ol" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Search results">
        {items.map((hit) => (
          <Paper key={hit.id} component="li" withBorder radius="md" p="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
              <div style={{ minWidth: 0 }}>
                <Text size="xs" c="dimmed" fw={600}>
                  {hit.key}
                </Text>
                <AnchorLink
                  to="/w/$ws/tickets/$key"
                  params={{ ws: slug, key: hit.key }}
                  fw={600}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {hit.subject}
                </AnchorLink>
              </div>
              <Group gap={6} wrap="nowrap">
                <StatusBadge status={hit.status} size="sm" />
                <PriorityBadge priority={hit.priority} />
              </Group>
            </Group>
            {hit.snippet.length > 0 && <Snippet segments={hit.snippet} />}
          </Paper>
        ))}
      </Stack>
    </Stack>
  );
}
