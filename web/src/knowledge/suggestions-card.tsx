import { Stack, Text } from '@mantine/core';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import { useSuggestions } from './api';
import { TYPE_LABELS } from './types';

/**
 * Articles likely to help with a ticket (similar words, same service). The server decides who sees
 * what: staff get live articles, requesters only published public ones.
 */
export function SuggestedArticles(props: {
  slug: string;
  ticketKey: string;
  audience: 'staff' | 'requester';
}) {
  const { slug, ticketKey, audience } = props;
  const suggestions = useSuggestions(slug, ticketKey);
  const items = suggestions.data?.items ?? [];
  // A requester sees the card only when there is something to read.
  if (audience === 'requester' && items.length === 0) return null;
  return (
    <TitledSection
      title={audience === 'requester' ? 'These articles may help' : 'Articles that may help'}
      headingSize="h5"
    >
      {!suggestions.isSuccess ? (
        <QueryStatus query={suggestions} rows={2} label="Looking for articles" />
      ) : items.length === 0 ? (
        <Text size="sm" c="dimmed">
          No article matches this ticket yet.
        </Text>
      ) : (
        <Stack
          gap={6}
          component="ul"
          p={0}
          m={0}
          style={{ listStyle: 'none' }}
          aria-label="Suggested articles"
        >
          {items.map((a) => (
            <li key={a.id}>
              <AnchorLink
                to="/w/$ws/knowledge/$key"
                params={{ ws: slug, key: a.key }}
                search={{}}
                size="sm"
                fw={600}
              >
                {a.title}
              </AnchorLink>
              <Text size="xs" c="dimmed">
                {a.key} · {TYPE_LABELS[a.type]}
              </Text>
            </li>
          ))}
        </Stack>
      )}
    </TitledSection>
  );
}
