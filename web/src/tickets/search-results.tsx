import { Group } from '@mantine/core';
import { SearchResultsList, Snippet } from '../ui/search-results';
import { useTicketSearch } from './api';
import { PriorityBadge, StatusBadge } from './badges';
import { TicketCard } from './ticket-card';

/** Ranked full-text results over subjects, descriptions and the comments the reader may see. */
export function SearchResults({ slug, q, onClear }: { slug: string; q: string; onClear: () => void }) {
  const search = useTicketSearch(slug, q);
  return (
    <SearchResultsList
      search={search}
      q={q}
      what="tickets"
      emptyHint="Try fewer or other words: search looks at subjects, descriptions and the comments you may read."
      onClear={onClear}
      renderHit={(hit) => (
        <TicketCard
          key={hit.id}
          ticket={hit}
          ws={slug}
          to="/w/$ws/tickets/$key"
          heading={hit.key}
          aside={
            <Group gap={6} wrap="nowrap">
              <StatusBadge status={hit.status} size="sm" />
              <PriorityBadge priority={hit.priority} />
            </Group>
          }
        >
          {hit.snippet.length > 0 && <Snippet segments={hit.snippet} />}
        </TicketCard>
      )}
    />
  );
}
