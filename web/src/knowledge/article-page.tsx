import {
  Alert,
  Breadcrumbs,
  Button,
  Grid,
  Group,
  Paper,
  Select,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Typography,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { isApiError } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import { ErrorState, FormAlert, formErrors } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
import { formatDate, formatDateTime } from '../ui/format';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import { type ArticleChange, useArticle, useUpdateArticle } from './api';
import { ArticleBadges } from './badges';
import { HistoryCard } from './history-card';
import { FilesCard, LinksCard } from './links-card';
import { ARTICLE_TYPES, type Article, type ArticleStatus, TYPE_LABELS } from './types';

const route = getRouteApi('/_app/w/$ws/knowledge/$key');
const EDIT_FIELDS = ['title', 'summary', 'body', 'reviewDueOn', 'type', 'visibility'] as const;

const STATUS_ACTIONS: Record<ArticleStatus, string> = {
  published: 'Publish',
  needs_review: 'Ask for a review',
  retired: 'Retire',
  draft: 'Back to draft',
};

export function ArticlePage() {
  const { ws: slug, key } = route.useParams();
  const { edit } = route.useSearch();
  const query = useArticle(slug, key);
  const crumbs = (
    <Breadcrumbs>
      <AnchorLink to="/w/$ws/knowledge" params={{ ws: slug }} search={{}} size="sm">
        Knowledge base
      </AnchorLink>
      <Text size="sm">{key.toUpperCase()}</Text>
    </Breadcrumbs>
  );
  if (query.isPending || query.isError) {
    return (
      <Page title={key.toUpperCase()}>
        {crumbs}
        {query.isPending ? (
          <Stack aria-busy="true" aria-label="Loading the article">
            <Skeleton h={300} radius="md" />
          </Stack>
        ) : isApiError(query.error, 'NOT_FOUND') ? (
          <Alert color="gray" title="No such article">
            There is no article {key.toUpperCase()} here, or you may not read it.
          </Alert>
        ) : (
          <ErrorState error={query.error} onRetry={() => void query.refetch()} />
        )}
      </Page>
    );
  }
  return <ArticleView slug={slug} article={query.data.article} crumbs={crumbs} editing={edit === true} />;
}

function ArticleView(props: { slug: string; article: Article; crumbs: React.ReactNode; editing: boolean }) {
  const { slug, article, crumbs, editing } = props;
  const navigate = useNavigate({ from: '/w/$ws/knowledge/$key' });
  const setEditing = (on: boolean) => void navigate({ search: on ? { edit: true } : {}, replace: true });
  const update = useUpdateArticle(slug, article.key);
  const move = (status: ArticleStatus) =>
    update.mutate(
      { version: article.version, status },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            message: `${article.key}: ${STATUS_ACTIONS[status].toLowerCase()} done.`,
          }),
      },
    );
  const stale = isApiError(update.error, 'STALE_VERSION');

  return (
    <Page
      title={article.title}
      description={`${article.key} · ${TYPE_LABELS[article.type]} · owned by ${article.ownerParty.name ?? '—'}`}
      actions={
        <Group gap={6}>
          {!editing && article.abilities.edit && (
            <Button variant="default" onClick={() => setEditing(true)}>
              Edit
            </Button>
          )}
          {!editing &&
            article.abilities.nextStatuses.map((s) => (
              <Button
                key={s}
                variant={s === 'published' ? 'filled' : 'light'}
                color={s === 'retired' ? 'red' : undefined}
                onClick={() => move(s)}
                loading={update.isPending && update.variables?.status === s}
              >
                {STATUS_ACTIONS[s]}
              </Button>
            ))}
        </Group>
      }
    >
      {crumbs}
      <ArticleBadges
        type={article.type}
        status={article.status}
        stale={article.stale}
        visibility={article.visibility}
      />
      {stale ? (
        <Alert color="orange" title="Changed by someone else — reload" role="alert">
          This article changed after you opened it; nothing was saved. Reload and make your change again.
        </Alert>
      ) : (
        <FormAlert message={update.error && !editing ? formErrors(update.error, []).form : null} />
      )}
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 8 }}>
          {editing ? (
            <EditForm slug={slug} article={article} onDone={() => setEditing(false)} />
          ) : (
            <Paper withBorder radius="md" p="lg" component="article" aria-label="Article">
              {article.summary && (
                <Text c="dimmed" mb="md">
                  {article.summary}
                </Text>
              )}
              {article.body.trim() ? (
                <Typography>
                  {/* Security: html is made on the server by the sanitising renderer (domain/markdown.ts). */}
                  {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitised article HTML */}
                  <div dangerouslySetInnerHTML={{ __html: article.html }} />
                </Typography>
              ) : (
                <Text c="dimmed">This article has no text yet.</Text>
              )}
            </Paper>
          )}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 4 }}>
          <Stack gap="lg">
            <DetailsCard article={article} />
            <LinksCard slug={slug} article={article} />
            <FilesCard slug={slug} article={article} />
            {article.abilities.viewHistory && (
              <HistoryCard slug={slug} articleKey={article.key} version={article.version} />
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Page>
  );
}

function DetailsCard({ article }: { article: Article }) {
  const rows: Array<[string, string]> = [
    ['Owner party', article.ownerParty.name ?? '—'],
    ['Reviewer', article.reviewer?.name ?? 'None named'],
    ['Review due', article.reviewDueOn ? formatDate(article.reviewDueOn) : 'Not set'],
    ['Readers', article.visibility === 'public' ? 'Requesters and staff' : 'Staff only'],
    ['Written by', article.createdByName ?? '—'],
    [
      'Last change',
      `${formatDateTime(article.updatedAt)}${article.updatedByName ? ` by ${article.updatedByName}` : ''}`,
    ],
    ['Version', String(article.version)],
  ];
  return (
    <TitledSection title="Details" headingSize="h5">
      <Stack gap={6} component="dl" m={0}>
        {rows.map(([label, value]) => (
          <Group key={label} justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" c="dimmed" component="dt">
              {label}
            </Text>
            <Text size="sm" component="dd" m={0} ta="right">
              {value}
            </Text>
          </Group>
        ))}
      </Stack>
    </TitledSection>
  );
}

function EditForm({ slug, article, onDone }: { slug: string; article: Article; onDone: () => void }) {
  const update = useUpdateArticle(slug, article.key);
  const { form, formError } = useApiForm(
    {
      type: article.type,
      title: article.title,
      summary: article.summary,
      body: article.body,
      visibility: article.visibility,
      reviewDueOn: article.reviewDueOn ?? '',
      note: '',
    },
    update.error,
    EDIT_FIELDS,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { type, title, summary, body, visibility, reviewDueOn, note } = form.values;
    const change: ArticleChange = { version: article.version };
    if (type !== article.type) change.type = type;
    if (title !== article.title) change.title = title;
    if (summary !== article.summary) change.summary = summary;
    if (body !== article.body) change.body = body;
    if (visibility !== article.visibility) change.visibility = visibility;
    if (reviewDueOn !== (article.reviewDueOn ?? '')) change.reviewDueOn = reviewDueOn || null;
    if (note.trim()) change.note = note.trim();
    if (Object.keys(change).length === 1) return onDone();
    update.mutate(change, {
      onSuccess: () => {
        notifications.show({ color: 'teal', message: `${article.key} saved as a new version.` });
        onDone();
      },
    });
  };
  return (
    <Paper
      withBorder
      radius="md"
      p="lg"
      component="form"
      noValidate
      onSubmit={submit}
      aria-label="Edit the article"
    >
      <Stack>
        {isApiError(update.error, 'STALE_VERSION') ? (
          <Alert color="orange" title="Changed by someone else" role="alert">
            Someone saved this article after you opened it; your change was not saved. Copy your text, reload
            and edit again.
          </Alert>
        ) : (
          <FormAlert message={formError} />
        )}
        <Group grow align="flex-start">
          <Select
            label="Type"
            data={ARTICLE_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
            {...form.getInputProps('type')}
            allowDeselect={false}
          />
          <Select
            label="Readers"
            data={[
              { value: 'staff', label: 'Staff only' },
              { value: 'public', label: 'Requesters and staff' },
            ]}
            {...form.getInputProps('visibility')}
            allowDeselect={false}
          />
          <TextInput label="Review due" type="date" {...form.getInputProps('reviewDueOn')} />
        </Group>
        <TextInput label="Title" required {...form.getInputProps('title')} />
        <TextInput label="Summary" {...form.getInputProps('summary')} />
        <Textarea
          label="Body (Markdown)"
          description="Headings, lists, code blocks, tables and links. Scripts and unsafe links are removed when shown."
          autosize
          minRows={12}
          maxRows={40}
          {...form.getInputProps('body')}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        <TextInput label="What changed (optional)" {...form.getInputProps('note')} />
        <FormActions onCancel={onDone}>
          <Button type="submit" loading={update.isPending}>
            Save
          </Button>
        </FormActions>
      </Stack>
    </Paper>
  );
}
