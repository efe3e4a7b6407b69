import { Button, Group, Paper, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconBook, IconSearch } from '@tabler/icons-react';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { CardList } from '../ui/card-list';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { formatDate } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { SearchResultsList, Snippet } from '../ui/search-results';
import { useWorkspace } from '../workspaces/api';
import { isStaff } from '../workspaces/membership';
import { useArticleSearch, useArticles } from './api';
import { ArticleBadges } from './badges';
import type { KnowledgeSearch } from './knowledge-search';
import { NewArticleButton } from './new-article-dialog';
import {
  ARTICLE_STATUSES,
  ARTICLE_TYPES,
  type ArticleFilters,
  type ArticleHit,
  type ArticleSummary,
  STATUS_LABELS,
  TYPE_LABELS,
} from './types';

const route = getRouteApi('/_app/w/$ws/knowledge');

export function KnowledgePage() {
  const { ws: slug } = route.useParams();
  const search = route.useSearch();
  const navigate = useNavigate({ from: '/w/$ws/knowledge' });
  const membership = useWorkspace(slug).data?.membership;
  const staff = isStaff(membership);
  const [draft, setDraft] = useState(search.q ?? '');
  const set = (change: Partial<KnowledgeSearch>) =>
    void navigate({ search: (prev) => ({ ...prev, ...change }), replace: true });
  const filters: ArticleFilters = {
    ...(search.type && { type: [search.type] }),
    ...(search.status && { status: [search.status] }),
    ...(search.stale && { stale: true }),
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    set({ q: draft.trim() || undefined });
  };

  return (
    <Page
      title="Knowledge base"
      description="How-tos, runbooks, recovery procedures and records that stay with the business."
      actions={staff && membership?.role !== 'viewer' ? <NewArticleButton slug={slug} /> : undefined}
    >
      <Paper withBorder radius="md" p="md">
        <Stack gap="sm">
          <search aria-label="Search articles">
            <form onSubmit={submit}>
              <Group align="flex-end" gap="sm">
                <TextInput
                  label="Search articles"
                  placeholder="e.g. restore the file server"
                  leftSection={<IconSearch size={16} aria-hidden />}
                  value={draft}
                  onChange={(e) => setDraft(e.currentTarget.value)}
                  style={{ flex: 1, minWidth: 220 }}
                />
                <Button type="submit">Search</Button>
              </Group>
            </form>
          </search>
          {staff && (
            <Group gap="sm" align="flex-end">
              <Select
                label="Type"
                placeholder="Any type"
                clearable
                data={ARTICLE_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
                value={search.type ?? null}
                onChange={(v) => set({ type: (v as KnowledgeSearch['type']) ?? undefined })}
                w={200}
              />
              <Select
                label="Status"
                placeholder="Any status"
                clearable
                data={ARTICLE_STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
                value={search.status ?? null}
                onChange={(v) => set({ status: (v as KnowledgeSearch['status']) ?? undefined })}
                w={180}
              />
              <Switch
                label="Review overdue only"
                checked={search.stale === true}
                onChange={(e) => set({ stale: e.currentTarget.checked ? true : undefined })}
                mb={8}
              />
            </Group>
          )}
        </Stack>
      </Paper>
      {search.q ? (
        <SearchResults
          slug={slug}
          q={search.q}
          filters={filters}
          onClear={() => {
            setDraft('');
            set({ q: undefined });
          }}
        />
      ) : (
        <ArticleList slug={slug} filters={filters} />
      )}
    </Page>
  );
}

function ArticleRow({
  slug,
  article,
  children,
}: {
  slug: string;
  article: ArticleSummary;
  children?: React.ReactNode;
}) {
  return (
    <Paper component="li" withBorder radius="md" p="sm">
      <Stack gap={4}>
        <Group justify="space-between" wrap="wrap" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Text size="xs" c="dimmed" fw={600}>
              {article.key}
            </Text>
            <AnchorLink
              to="/w/$ws/knowledge/$key"
              params={{ ws: slug, key: article.key }}
              fw={600}
              style={{ overflowWrap: 'anywhere' }}
            >
              {article.title}
            </AnchorLink>
          </div>
          <ArticleBadges
            type={article.type}
            status={article.status}
            stale={article.stale}
            visibility={article.visibility}
          />
        </Group>
        {children ??
          (article.summary && (
            <Text size="sm" c="dimmed">
              {article.summary}
            </Text>
          ))}
        <Text size="xs" c="dimmed">
          Owner: {article.ownerParty.name ?? '—'} · updated {formatDate(article.updatedAt)}
          {article.updatedByName ? ` by ${article.updatedByName}` : ''}
          {article.reviewDueOn ? ` · review by ${formatDate(article.reviewDueOn)}` : ''}
        </Text>
      </Stack>
    </Paper>
  );
}

function ArticleList({ slug, filters }: { slug: string; filters: ArticleFilters }) {
  const list = useArticles(slug, filters);
  if (list.isPending) return <ListSkeleton rows={5} label="Loading articles" />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const items = list.data.pages.flatMap((p) => p.items);
  if (items.length === 0)
    return (
      <EmptyState
        icon={<IconBook aria-hidden />}
        title="No articles here yet"
        description="Write one, or turn a resolved ticket into one with “Write this up” on the ticket page."
      />
    );
  return (
    <Stack gap="xs">
      <CardList label="Articles" ordered={false}>
        {items.map((a) => (
          <ArticleRow key={a.id} slug={slug} article={a} />
        ))}
      </CardList>
      {list.hasNextPage && (
        <Button variant="light" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
          Show more
        </Button>
      )}
    </Stack>
  );
}

function SearchResults(props: { slug: string; q: string; filters: ArticleFilters; onClear: () => void }) {
  const search = useArticleSearch(props.slug, props.q, props.filters);
  return (
    <SearchResultsList
      search={search}
      q={props.q}
      what="articles"
      emptyHint="Try fewer or other words, or clear the filters."
      onClear={props.onClear}
      renderHit={(hit: ArticleHit) => (
        <ArticleRow key={hit.id} slug={props.slug} article={hit}>
          <Snippet segments={hit.snippet} />
        </ArticleRow>
      )}
    />
  );
}
