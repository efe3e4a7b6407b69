import { Alert, Breadcrumbs, Button, Grid, Group, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { STATUS_LABELS as ARTICLE_STATUS_LABELS } from '../knowledge/types';
import { STATUS_LABELS as TICKET_STATUS_LABELS } from '../tickets/labels';
import { EmptyState } from '../ui/empty-state';
import { errorMessage } from '../ui/error-display';
import { PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { RemovableList } from '../ui/removable-list';
import { AnchorLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import {
  type SystemDetail,
  useAddDependency,
  useArticleOptions,
  useRemoveDependency,
  useSystem,
  useSystems,
  useUpdateSystem,
} from './api';
import { CriticalityBadge } from './criticality-badge';

const route = getRouteApi('/_app/w/$ws/systems/$id');

export function SystemPage() {
  const { ws: slug, id } = route.useParams();
  const query = useSystem(slug, id);
  const crumbs = (
    <Breadcrumbs>
      <AnchorLink to="/w/$ws/systems" params={{ ws: slug }} size="sm">
        Systems
      </AnchorLink>
      <Text size="sm">{query.data?.system.name ?? 'System'}</Text>
    </Breadcrumbs>
  );
  if (!query.isSuccess)
    return (
      <PagePending
        query={query}
        title="System"
        label="Loading the system"
        crumbs={crumbs}
        notFound={<EmptyState title="No such system" description="It may belong to another workspace." />}
      />
    );
  const { system } = query.data;
  return (
    <Page title={system.name} description={system.description || undefined}>
      {crumbs}
      <Group gap="xs">
        <CriticalityBadge criticality={system.criticality} />
        <Text size="sm" c="dimmed">
          {system.kind} · owned by {system.ownerParty.name} · service {system.service?.name ?? '—'}
        </Text>
      </Group>
      {!system.hasRecoveryProcedure && (
        <Alert
          color={system.criticality === 'critical' ? 'red' : 'yellow'}
          icon={<IconAlertTriangle aria-hidden />}
          title="No recovery steps"
        >
          Nobody has written down how to recover {system.name}.
        </Alert>
      )}
      <Grid>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <RecoveryCard slug={slug} data={query.data} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <DependenciesCard slug={slug} data={query.data} />
        </Grid.Col>
      </Grid>
      <TitledSection title="Tickets about this system" headingSize="h5">
        {query.data.tickets.length === 0 ? (
          <Text size="sm" c="dimmed">
            None linked.
          </Text>
        ) : (
          <Stack gap={2}>
            {query.data.tickets.map((t) => (
              <Text size="sm" key={t.key}>
                <AnchorLink to="/w/$ws/tickets/$key" params={{ ws: slug, key: t.key }} size="sm">
                  {t.key}
                </AnchorLink>{' '}
                {t.subject} ({TICKET_STATUS_LABELS[t.status as keyof typeof TICKET_STATUS_LABELS] ?? t.status}
                )
              </Text>
            ))}
          </Stack>
        )}
      </TitledSection>
    </Page>
  );
}

function RecoveryCard({ slug, data }: { slug: string; data: SystemDetail }) {
  const { system } = data;
  const articles = useArticleOptions(slug, 'recovery_procedure,runbook');
  const update = useUpdateSystem(slug);
  const [choice, setChoice] = useState<string | null>(system.recoveryArticle?.id ?? null);
  return (
    <TitledSection title="Recovery procedure" headingSize="h5">
      <Text size="sm" mb="sm">
        {system.recoveryArticle
          ? `${system.recoveryArticle.key} ${system.recoveryArticle.title} (${ARTICLE_STATUS_LABELS[system.recoveryArticle.status as keyof typeof ARTICLE_STATUS_LABELS] ?? system.recoveryArticle.status})`
          : 'None linked.'}
      </Text>
      {data.abilities.manage && (
        <Group gap="xs" align="flex-end">
          <Select
            label="Recovery article"
            placeholder={articles.isPending ? 'Loading articles…' : 'Choose a recovery procedure or runbook'}
            searchable
            clearable
            value={choice}
            onChange={setChoice}
            data={(articles.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.key} ${a.title}` }))}
            style={{ flex: 1 }}
            error={update.isError ? errorMessage(update.error) : undefined}
          />
          <Button
            variant="light"
            loading={update.isPending}
            onClick={() => update.mutate({ system, change: { recoveryArticleId: choice } })}
          >
            Save
          </Button>
        </Group>
      )}
    </TitledSection>
  );
}

function DependenciesCard({ slug, data }: { slug: string; data: SystemDetail }) {
  const { system } = data;
  const all = useSystems(slug);
  const add = useAddDependency(slug, system.id);
  const remove = useRemoveDependency(slug, system.id);
  const [choice, setChoice] = useState<string | null>(null);
  const taken = new Set([system.id, ...data.dependsOn.map((d) => d.id)]);
  return (
    <TitledSection title="Depends on" headingSize="h5">
      <RemovableList
        items={data.dependsOn}
        empty="Nothing recorded."
        itemKey={(d) => d.id}
        render={(d) => (
          <Group gap="xs">
            <AnchorLink to="/w/$ws/systems/$id" params={{ ws: slug, id: d.id }} size="sm">
              {d.name}
            </AnchorLink>
            <CriticalityBadge criticality={d.criticality} />
          </Group>
        )}
        remove={
          data.abilities.manage
            ? { label: (d) => `Remove dependency on ${d.name}`, onRemove: (d) => remove.mutate(d.id) }
            : undefined
        }
      />
      <Text size="sm" mt="sm" c="dimmed">
        Needed by: {data.dependents.map((d) => d.name).join(', ') || 'nothing recorded'}
      </Text>
      {data.abilities.manage && (
        <>
          <Group mt="sm" gap="xs" align="flex-end">
            <Select
              label="Add a dependency"
              placeholder="Choose a system"
              searchable
              value={choice}
              onChange={(v) => {
                add.reset();
                setChoice(v);
              }}
              data={(all.data?.items ?? [])
                .filter((s) => !taken.has(s.id))
                .map((s) => ({ value: s.id, label: s.name }))}
              style={{ flex: 1 }}
            />
            <Button
              variant="light"
              disabled={!choice}
              loading={add.isPending}
              onClick={() => choice && add.mutate(choice, { onSuccess: () => setChoice(null) })}
            >
              Add
            </Button>
          </Group>
          {add.isError && (
            <Alert color="red" mt="sm" role="alert" title="Refused">
              {errorMessage(add.error)}
            </Alert>
          )}
        </>
      )}
    </TitledSection>
  );
}
