import { Stack, Text } from '@mantine/core';
import { useArticleSearch } from '../knowledge/api';
import { AnchorLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';

const NO_FILTERS = {};

/** When no catalogue item matches a search, the knowledge base may still answer it. */
export function KnowledgeFallback({ slug, query }: { slug: string; query: string }) {
  const hits = useArticleSearch(slug, query, NO_FILTERS);
  const items = hits.data?.items.slice(0, 5) ?? [];
  if (items.length === 0) return null;
  return (
    <TitledSection title="From the knowledge base">
      <Stack gap={4}>
        {items.map((a) => (
          <AnchorLink key={a.key} to="/w/$ws/knowledge/$key" params={{ ws: slug, key: a.key }} size="sm">
            {a.title}
          </AnchorLink>
        ))}
      </Stack>
      <Text size="xs" c="dimmed" mt="xs">
        Articles about “{query}” that may answer it without a request.
      </Text>
    </TitledSection>
  );
}
