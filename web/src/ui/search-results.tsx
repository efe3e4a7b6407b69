import { Button, Group, Mark, Stack, Text } from '@mantine/core';
import { IconSearchOff } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Items } from './api-types';
import { CardList } from './card-list';
import { EmptyState } from './empty-state';
import { ErrorState } from './error-display';
import { pluralise } from './format';
import { ListSkeleton } from './loading';

type SnippetSegment = { text: string; highlight: boolean };

/**
 * The snippet as the server split it: plain text with highlighted words in <mark>. Security: the parts
 * are rendered as text, never as HTML, so a record's words cannot inject markup.
 */
export function Snippet({ segments }: { segments: SnippetSegment[] }) {
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

interface SearchResultsListProps<T> {
  search: UseQueryResult<Items<T>>;
  q: string;
  /** What is searched, as in "Searching tickets". */
  what: string;
  /** The hint when nothing matched. */
  emptyHint: string;
  onClear: () => void;
  /** One result as a list item (an <li>). */
  renderHit: (hit: T) => ReactNode;
}

/** Ranked full-text results, best match first: their count, a way to clear the search, and the list. */
export function SearchResultsList<T>({
  search,
  q,
  what,
  emptyHint,
  onClear,
  renderHit,
}: SearchResultsListProps<T>) {
  if (search.isPending) return <ListSkeleton rows={4} label={`Searching ${what}`} />;
  if (search.isError) return <ErrorState error={search.error} onRetry={() => void search.refetch()} />;
  const items = search.data.items;
  if (items.length === 0)
    return (
      <EmptyState
        icon={<IconSearchOff aria-hidden />}
        title={`Nothing found for “${q}”`}
        description={emptyHint}
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
      <CardList label="Search results">{items.map(renderHit)}</CardList>
    </Stack>
  );
}
