import { Badge, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconAlertCircle, IconBooks, IconMessageCircle, IconSearch } from '@tabler/icons-react';
import { getRouteApi, Link } from '@tanstack/react-router';
import { lazy, Suspense, useMemo, useState } from 'react';
import type { CatalogueItem } from '../tickets/types';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { pluralise } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { groupByService, matchesSearch, useCatalogue } from './api';
import classes from './catalogue.module.css';
import { PortalTabs } from './portal-tabs';

// Only when the catalogue has no match: the knowledge search comes in its own chunk, off the first load.
const KnowledgeFallback = lazy(() =>
  import('./knowledge-fallback').then((m) => ({ default: m.KnowledgeFallback })),
);

const route = getRouteApi('/_app/w/$ws/portal');

/** The requester's home: what they can ask IT for, grouped by service, with a search box. */
export function PortalPage() {
  const { ws: slug } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const catalogue = useCatalogue(slug);
  const [q, setQ] = useState(search.q ?? '');
  const pushQuery = useDebouncedCallback(
    (value: string) => void navigate({ search: { q: value.trim() || undefined }, replace: true }),
    250,
  );
  const query = search.q ?? '';
  const items = catalogue.data?.items ?? [];
  const groups = useMemo(
    () => groupByService(items.filter((item) => matchesSearch(item, query))),
    [items, query],
  );
  const shown = groups.reduce((sum, g) => sum + g.items.length, 0);
  const clear = () => {
    setQ('');
    void navigate({ search: {}, replace: true });
  };

  return (
    <Page
      title="Request help"
      description="Tell IT what you need. Pick the closest match below; you can explain the rest in your own words."
    >
      <PortalTabs slug={slug} current="catalogue" />
      {/* A filter, not saved text: it keeps a paste whole and searches by its first 100 characters
          (validatePortalSearch), so it needs no limit message; that also keeps the first load small. */}
      <TextInput
        label="Search the catalogue"
        placeholder="For example: password, laptop, Wi-Fi"
        leftSection={<IconSearch size={16} aria-hidden />}
        value={q}
        onChange={(event) => {
          setQ(event.currentTarget.value);
          pushQuery(event.currentTarget.value);
        }}
        w={{ base: '100%', sm: 420 }}
      />
      {catalogue.isPending && <ListSkeleton rows={6} label="Loading the catalogue" />}
      {catalogue.isError && <ErrorState error={catalogue.error} onRetry={() => void catalogue.refetch()} />}
      {catalogue.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconBooks aria-hidden />}
          title="The catalogue is empty"
          description="Your internal IT lead has not published anything to ask for yet. Contact the IT team directly in the meantime."
        />
      )}
      {catalogue.isSuccess && items.length > 0 && shown === 0 && (
        <EmptyState
          icon={<IconSearch aria-hidden />}
          title={`Nothing matches “${query}”`}
          description="Try another word, or clear the search and pick the nearest item: you can describe the rest yourself."
          action={
            <Button variant="light" onClick={clear}>
              Clear search
            </Button>
          }
        />
      )}
      {catalogue.isSuccess && query && shown === 0 && (
        <Suspense fallback={null}>
          <KnowledgeFallback slug={slug} query={query} />
        </Suspense>
      )}
      {query && shown > 0 && (
        <Text size="sm" c="dimmed" aria-live="polite">
          {pluralise(shown, 'item')} match “{query}”.
        </Text>
      )}
      {/* A CSS grid rather than SimpleGrid: this page is the requester's first load. */}
      <div className={classes.groups}>
        {groups.map((group) => (
          <Stack
            key={group.serviceId}
            gap="xs"
            component="section"
            aria-labelledby={`svc-${group.serviceId}`}
          >
            <Title order={2} size="h4" id={`svc-${group.serviceId}`}>
              {group.serviceName}
            </Title>
            {group.items.map((item) => (
              <ItemCard key={item.id} slug={slug} item={item} />
            ))}
          </Stack>
        ))}
      </div>
    </Page>
  );
}

function ItemCard({ slug, item }: { slug: string; item: CatalogueItem }) {
  const incident = item.kind === 'incident';
  return (
    <Card withBorder radius="md" padding="sm" className={classes.card}>
      <Group gap="xs" wrap="nowrap" align="flex-start" mb={4}>
        {incident ? (
          <IconAlertCircle
            size={20}
            color="var(--mantine-color-orange-7)"
            aria-hidden
            style={{ flexShrink: 0 }}
          />
        ) : (
          <IconMessageCircle
            size={20}
            color="var(--mantine-color-teal-7)"
            aria-hidden
            style={{ flexShrink: 0 }}
          />
        )}
        <Link
          to="/w/$ws/portal/request/$itemId"
          params={{ ws: slug, itemId: item.id }}
          className={classes.link}
        >
          <Text span fw={600} size="sm">
            {item.name}
          </Text>
        </Link>
      </Group>
      <Text size="sm" c="dimmed">
        {item.description}
      </Text>
      <Group mt="sm" gap={6}>
        <Badge size="sm" variant="light" color={incident ? 'orange' : 'teal'} tt="none">
          {incident ? 'Report a problem' : 'Request'}
        </Badge>
        {item.fields.length > 0 && (
          <Text size="xs" c="dimmed">
            {pluralise(item.fields.length, 'question')}
          </Text>
        )}
      </Group>
    </Card>
  );
}
