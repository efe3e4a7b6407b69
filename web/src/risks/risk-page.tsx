import {
  Alert,
  Anchor,
  Button,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconLock, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { FormAlert, formErrors } from '../ui/error-display';
import { formatDate, formatDateTime } from '../ui/format';
import { PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useParties } from '../workspaces/api';
import {
  type RiskFull,
  riskQueryOptions,
  TREATMENT_LABELS,
  useAcceptRisk,
  useAddRiskAction,
  useUpdateRisk,
} from './api';
import { AcceptanceBadge, categoryText, LevelBadge } from './badges';
import { RatingSelect } from './rating-select';
import { TreatmentChanges } from './treatment-changes';

const route = getRouteApi('/_app/w/$ws/risks/$key');

export function RiskPage() {
  const { ws: slug, key } = route.useParams();
  const found = useQuery(riskQueryOptions(slug, key));
  if (!found.isSuccess) return <PagePending query={found} title={key} label="Loading the risk" />;
  const risk = found.data.risk;
  return (
    <Page
      title={`${risk.key} ${risk.title}`}
      description={
        <AnchorLink to="/w/$ws/risks" params={{ ws: slug }}>
          ← Risk register
        </AnchorLink>
      }
    >
      {risk.acceptance === 'expired' && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle aria-hidden />}
          title="Acceptance expired"
        >
          The acceptance ran until {formatDateTime(risk.acceptedUntil)}. The owner has been notified: accept
          again (a new decision) or treat the risk.
        </Alert>
      )}
      <Facts risk={risk} />
      {risk.abilities.accept && <AcceptForm slug={slug} risk={risk} />}
      {!risk.abilities.accept && risk.status === 'open' && (
        <Alert
          color="gray"
          variant="light"
          icon={<IconLock aria-hidden />}
          title="Accepting the residual risk"
        >
          Only the holder of the “accept residual risk” decision right may accept it: {risk.acceptRightHolder}
          .
        </Alert>
      )}
      {risk.abilities.edit && <ReviewForm key={risk.version} slug={slug} risk={risk} />}
      <Actions slug={slug} risk={risk} />
      <TreatmentChanges slug={slug} risk={risk} />
      {risk.abilities.close && <CloseRisk slug={slug} risk={risk} />}
    </Page>
  );
}

function Facts({ risk }: { risk: RiskFull }) {
  return (
    <Paper withBorder radius="md" p="md">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            Ratings (likelihood × impact)
          </Text>
          <Group gap="xs">
            <Text size="sm">
              Inherent {risk.inherent.likelihood} × {risk.inherent.impact}
            </Text>
            <LevelBadge level={risk.inherent.level} score={risk.inherent.score} />
          </Group>
          <Group gap="xs">
            <Text size="sm">
              Residual {risk.residual.likelihood} × {risk.residual.impact}
            </Text>
            <LevelBadge level={risk.residual.level} score={risk.residual.score} />
          </Group>
        </Stack>
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            Treatment
          </Text>
          <Group gap="xs">
            <Text size="sm">{TREATMENT_LABELS[risk.treatment]}</Text>
            <AcceptanceBadge acceptance={risk.acceptance} />
            {risk.status === 'closed' && <Text size="sm">(closed)</Text>}
          </Group>
          {risk.treatmentParty && <Text size="sm">Carried out by {risk.treatmentParty.name}</Text>}
          {risk.acceptedUntil && (
            <Text size="sm">
              Accepted by {risk.acceptedBy?.name ?? '—'} until {formatDateTime(risk.acceptedUntil)}
              {risk.acceptanceDecision && ` (${risk.acceptanceDecision.key})`}
            </Text>
          )}
        </Stack>
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            Owner and review
          </Text>
          <Text size="sm">{risk.owner?.name ?? '—'}</Text>
          <Text size="sm" c={risk.reviewOverdue ? 'red' : undefined}>
            Review {formatDate(risk.reviewOn)}
            {risk.reviewOverdue && ' (overdue)'}
          </Text>
        </Stack>
        <Stack gap={4}>
          <Text size="sm" c="dimmed">
            Category and scope
          </Text>
          <Text size="sm">{categoryText(risk) || '—'}</Text>
          {risk.systems.length + risk.services.length > 0 && (
            <Text size="sm">
              Concerns {[...risk.services, ...risk.systems].map((x) => x.name).join(', ')}
            </Text>
          )}
          {risk.source && (
            <Text size="sm">
              Raised from{' '}
              <Anchor href={risk.source.path}>
                {risk.source.key} {risk.source.title}
              </Anchor>
            </Text>
          )}
        </Stack>
      </SimpleGrid>
      {risk.description && (
        <Text size="sm" mt="md" style={{ whiteSpace: 'pre-wrap' }}>
          {risk.description}
        </Text>
      )}
    </Paper>
  );
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 16);
const ACCEPT_FIELDS = ['expiresAt', 'rationale'] as const;

function AcceptForm({ slug, risk }: { slug: string; risk: RiskFull }) {
  const accept = useAcceptRisk(slug, risk.key);
  const { form, formError } = useApiForm(
    { expiresAt: inDays(180), rationale: '' },
    accept.error,
    ACCEPT_FIELDS,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { expiresAt, rationale } = form.values;
    accept.mutate(
      { version: risk.version, expiresAt: expiresAt ? new Date(expiresAt).toISOString() : '', rationale },
      {
        onSuccess: () =>
          notifications.show({ color: 'green', message: `${risk.key}: residual risk accepted.` }),
      },
    );
  };
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="accept-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="accept-title">
            {risk.acceptance === 'accepted' ? 'Renew or change the acceptance' : 'Accept the residual risk'}
          </Title>
          <Text size="sm" c="dimmed">
            You hold the “accept residual risk” decision right. The acceptance is recorded in the decision log
            and lapses at its expiry; the owner is then notified.
          </Text>
          <FormAlert message={formError} />
          <TextInput
            type="datetime-local"
            label="Accepted until"
            required
            {...form.getInputProps('expiresAt')}
            w={260}
          />
          <Textarea
            label="Why the residual risk is acceptable"
            required
            autosize
            minRows={2}
            {...form.getInputProps('rationale')}
          />
          <Group>
            <Button
              type="submit"
              leftSection={<IconCheck size={16} aria-hidden />}
              loading={accept.isPending}
            >
              Accept residual risk
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

const ACTION_FIELDS = ['title', 'ownerPartyId'] as const;

function Actions({ slug, risk }: { slug: string; risk: RiskFull }) {
  const add = useAddRiskAction(slug, risk.key);
  const parties = useParties(slug).data?.items ?? [];
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm({ title: '' }, add.error, ACTION_FIELDS);
  const owner = risk.treatmentParty?.id ?? parties.find((p) => p.kind === 'internal')?.id ?? '';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body = { title: form.values.title, why: `Treatment of ${risk.key}`, ownerPartyId: owner };
    add.mutate({ body, idempotencyKey: keyFor(body) }, { onSuccess: () => form.reset() });
  };
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="actions-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="actions-title">
          Treatment actions
        </Title>
        {risk.actions.length === 0 ? (
          <Text size="sm" c="dimmed">
            No actions yet. Add one: it goes on the improvement backlog, owned by the party carrying out the
            treatment.
          </Text>
        ) : (
          <List size="sm">
            {risk.actions.map((a) => (
              <List.Item key={a.id}>
                <AnchorLink to="/w/$ws/backlog" params={{ ws: slug }}>
                  {a.key}
                </AnchorLink>{' '}
                {a.title} · {a.status} · {a.ownerPartyName ?? '—'}
              </List.Item>
            ))}
          </List>
        )}
        {risk.abilities.addAction && (
          <form onSubmit={submit} noValidate>
            <Group align="flex-end">
              <TextInput
                label="New action"
                {...form.getInputProps('title')}
                error={form.errors.title ?? form.errors.ownerPartyId ?? formError}
                style={{ flex: 1 }}
              />
              <Button
                type="submit"
                variant="light"
                leftSection={<IconPlus size={16} aria-hidden />}
                loading={add.isPending}
              >
                Add to backlog
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Paper>
  );
}

function CloseRisk({ slug, risk }: { slug: string; risk: RiskFull }) {
  const update = useUpdateRisk(slug, risk.key);
  return (
    <Group>
      <Button
        variant="default"
        loading={update.isPending}
        onClick={() => update.mutate({ version: risk.version, status: 'closed' })}
      >
        Close the risk
      </Button>
      {update.isError && <FormAlert message={formErrors(update.error, [] as const).form} />}
    </Group>
  );
}

const REVIEW_FIELDS = ['residualLikelihood', 'residualImpact', 'reviewOn'] as const;

/** The periodic review: re-rate the residual risk and set the next review date. */
function ReviewForm({ slug, risk }: { slug: string; risk: RiskFull }) {
  const update = useUpdateRisk(slug, risk.key);
  const { form, formError } = useApiForm(
    {
      residualLikelihood: String(risk.residual.likelihood),
      residualImpact: String(risk.residual.impact),
      reviewOn: risk.reviewOn ?? '',
    },
    update.error,
    REVIEW_FIELDS,
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const f = form.values;
    update.mutate(
      {
        version: risk.version,
        residualLikelihood: Number(f.residualLikelihood),
        residualImpact: Number(f.residualImpact),
        reviewOn: f.reviewOn || null,
      },
      { onSuccess: () => notifications.show({ color: 'green', message: `${risk.key} reviewed.` }) },
    );
  };
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="review-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="review-title">
            Review
          </Title>
          <FormAlert message={formError} />
          <Group align="flex-start" grow>
            <RatingSelect
              label="Residual likelihood"
              scale="likelihood"
              {...form.getInputProps('residualLikelihood')}
            />
            <RatingSelect label="Residual impact" scale="impact" {...form.getInputProps('residualImpact')} />
            <TextInput type="date" label="Next review" {...form.getInputProps('reviewOn')} />
          </Group>
          <Group>
            <Button type="submit" variant="light" loading={update.isPending}>
              Save review
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
