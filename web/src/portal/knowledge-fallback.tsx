import { Paper, Stack, Text, Title } from '@mantine/core';
import { useArticleSearch } from '../knowledge/api';
import { AnchorLink } from '../ui/router-links';

const NO_FILTERS = {};

/** When no catalogue item matches a search, the knowledge base may still answer it. */
export function KnowledgeFallback({ slug, query }: { slug: string; query: string }) {
  const hits = useArticleSearch(slug, query, NO_FILTERS);
  const items = hits.data?.items.slice(0, 5) ?? [];
  if (items.length === 0) return null;
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="kb-fallback-title">
      <Title order={2} size="h4" id="kb-fallback-title" mb="xs">
        From the knowledge base
      </Title>
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
    </Paper>
  );
}
