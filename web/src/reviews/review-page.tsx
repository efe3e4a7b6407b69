import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  List,
  Select,
  SimpleGrid,
  Stack,
  TagsInput,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconDownload, IconLock } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { errorMessage, FormAlert } from '../ui/error-display';
import { formatDate } from '../ui/format';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { SectionCard } from '../ui/section-card';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useWorkspace } from '../workspaces/api';
import {
  type PackFigure,
  type PackSection,
  packUrl,
  type ReviewFull,
  reviewQueryOptions,
  STATUS_LABELS,
  useAgreeAction,
  useHoldReview,
  useWriteCommentary,
} from './api';
import { PackChartView } from './pack-chart';

const route = getRouteApi('/_app/w/$ws/reviews/$key');
const today = () => new Date().toISOString().slice(0, 10);
const TREND = {
  better: ['green', '▲ better'],
  worse: ['red', '▼ worse'],
  same: ['gray', '= same'],
  unknown: null,
} as const;

export function ReviewPage() {
  const { ws: slug, key } = route.useParams();
  const review = useQuery(reviewQueryOptions(slug, key));
  const r = review.data?.review;
  return (
    <Page
      title={r ? `Service review ${r.key}: ${r.periodLabel}` : `Service review ${key}`}
      wide
      description={
        r &&
        (r.status === 'held'
          ? `Held on ${formatDate(r.heldOn)} with ${r.attendees.join(', ')}. The figures are frozen as they were at the meeting.`
          : `Draft: the figures are computed from the records now and frozen when the review is marked held.`)
      }
      actions={
        r && (
          <Group gap="xs">
            <Badge color={r.status === 'held' ? 'green' : 'gray'} variant="light" size="lg">
              {STATUS_LABELS[r.status]}
            </Badge>
            <Button
              component="a"
              href={packUrl(slug, r.key, 'pdf')}
              leftSection={<IconDownload size={16} aria-hidden />}
            >
              Download PDF
            </Button>
            <Button component="a" variant="default" href={packUrl(slug, r.key, 'md')}>
              Markdown
            </Button>
            <Button component="a" variant="default" href={packUrl(slug, r.key, 'html')}>
              HTML
            </Button>
          </Group>
        )
      }
    >
      <QueryStatus query={review} label="Loading the review" />
      {r && (
        <Stack gap="lg">
          {r.pack.stillBuilding && (
            <Alert color="orange" variant="light" title="Still being built" data-testid="still-building">
              {r.pack.stillBuilding.notice}
            </Alert>
          )}
          {r.abilities.hold &&
            (r.pack.stillBuilding ? (
              <HoldWaiting building={r.pack.stillBuilding} />
            ) : (
              <HoldForm slug={slug} review={r} />
            ))}
          {r.pack.sections.map((s) => (
            <PackSectionCard key={s.id} slug={slug} review={r} section={s} />
          ))}
          <SectionCard
            title="Agreed actions"
            description="Actions agreed in this review, on the improvement backlog."
          >
            {r.actions.length === 0 ? (
              <Text c="dimmed" size="sm">
                No action agreed yet. Agree one under the section it belongs to.
              </Text>
            ) : (
              <List>
                {r.actions.map((a) => (
                  <List.Item key={a.id}>
                    <Anchor href={`/w/${slug}/backlog`}>{a.key}</Anchor> {a.title} —{' '}
                    {a.ownerPartyName ?? 'no owner'}, {a.priority} priority, {a.status.replace('_', ' ')}
                  </List.Item>
                ))}
              </List>
            )}
          </SectionCard>
        </Stack>
      )}
    </Page>
  );
}

function Figures({ figures }: { figures: PackFigure[] }) {
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 4 }} spacing="sm">
      {figures.map((f) => {
        const trend = TREND[f.direction];
        return (
          <Card key={f.label} withBorder padding="sm" radius="md">
            <Text size="xs" c="dimmed">
              {f.label}
            </Text>
            <Text fw={700} size="xl" data-figure={f.label}>
              {f.text}
            </Text>
            {trend && (
              <Badge color={trend[0]} variant="light" size="sm">
                {trend[1]} {f.previous !== null ? `(was ${f.previous})` : ''}
              </Badge>
            )}
          </Card>
        );
      })}
    </SimpleGrid>
  );
}

function PackSectionCard({
  slug,
  review,
  section,
}: {
  slug: string;
  review: ReviewFull;
  section: PackSection;
}) {
  return (
    <SectionCard title={section.title} description={section.summary}>
      <Stack gap="md">
        {section.figures.length > 0 && <Figures figures={section.figures} />}
        {section.charts.length > 0 && (
          <SimpleGrid cols={{ base: 1, lg: section.charts.length > 1 ? 2 : 1 }}>
            {section.charts.map((c) => (
              <PackChartView key={c.id} chart={c} />
            ))}
          </SimpleGrid>
        )}
        {section.items.length > 0 && (
          <List size="sm" spacing={2}>
            {section.items.map((i) => (
              <List.Item key={`${i.key}:${i.title}:${i.detail}`}>
                {i.path ? <Anchor href={i.path}>{i.key ?? i.title}</Anchor> : i.key}
                {i.key ? ` ${i.title}` : ''}: {i.detail}
              </List.Item>
            ))}
          </List>
        )}
        <Commentary slug={slug} review={review} section={section} />
        {review.abilities.agreeAction && <AgreeAction slug={slug} review={review} section={section} />}
      </Stack>
    </SectionCard>
  );
}

function Commentary({ slug, review, section }: { slug: string; review: ReviewFull; section: PackSection }) {
  const mine = useWorkspace(slug).data?.membership;
  const entries = review.commentary.filter((c) => c.section === section.id && c.body);
  const own = review.commentary.find((c) => c.section === section.id && c.party.id === mine?.partyId);
  const [body, setBody] = useState<string | null>(null);
  const write = useWriteCommentary(slug, review.key);
  const value = body ?? own?.body ?? '';
  return (
    <Stack gap="xs">
      {entries.map((c) => (
        <Alert
          key={c.party.id}
          variant="light"
          color={c.party.kind === 'internal' ? 'blue' : 'orange'}
          title={`${c.party.name}${c.author ? ` (${c.author})` : ''}`}
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {c.body}
          </Text>
        </Alert>
      ))}
      {review.abilities.comment && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            write.mutate({ section: section.id, body: value }, { onSuccess: () => setBody(null) });
          }}
        >
          <Stack gap={4}>
            <Textarea
              label={`Your party's commentary on “${section.title}”`}
              autosize
              minRows={2}
              value={value}
              onChange={(e) => setBody(e.currentTarget.value)}
            />
            <FormAlert message={write.isError ? errorMessage(write.error) : null} />
            <Group>
              <Button
                type="submit"
                size="xs"
                variant="light"
                loading={write.isPending}
                disabled={body === null}
              >
                Save commentary
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

const ACTION_FIELDS = ['title', 'ownerPartyId'] as const;

function AgreeAction({ slug, review, section }: { slug: string; review: ReviewFull; section: PackSection }) {
  const [open, setOpen] = useState(false);
  const agree = useAgreeAction(slug, review.key);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm(
    { title: '', ownerPartyId: null as string | null, priority: 'medium' as 'high' | 'medium' | 'low' },
    agree.error,
    ACTION_FIELDS,
  );
  if (!open)
    return (
      <Group>
        <Button size="xs" variant="subtle" onClick={() => setOpen(true)}>
          Agree an action on {section.title.toLowerCase()}
        </Button>
      </Group>
    );
  return (
    <form
      noValidate
      aria-label={`Agree an action on ${section.title}`}
      onSubmit={(e) => {
        e.preventDefault();
        const { title, ownerPartyId, priority } = form.values;
        const body = {
          section: section.id,
          title,
          why: `Agreed in ${review.key} (${section.title}).`,
          ownerPartyId: ownerPartyId ?? '',
          priority,
        };
        agree.mutate(
          { ...body, idempotencyKey: keyFor(body) },
          {
            onSuccess: () => {
              setOpen(false);
              form.reset();
            },
          },
        );
      }}
    >
      <Card withBorder padding="sm">
        <Stack gap="xs">
          <TextInput label="Action" required {...form.getInputProps('title')} />
          <Group grow>
            <Select
              label="Owner party"
              required
              data={review.parties.map((p) => ({ value: p.id, label: p.name }))}
              {...form.getInputProps('ownerPartyId')}
            />
            <Select
              label="Priority"
              data={['high', 'medium', 'low']}
              {...form.getInputProps('priority')}
              allowDeselect={false}
            />
          </Group>
          <FormAlert message={formError} />
          <Group>
            <Button type="submit" size="xs" loading={agree.isPending}>
              Add to the backlog
            </Button>
            <Button size="xs" variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
          </Group>
        </Stack>
      </Card>
    </form>
  );
}

/** Holding freezes the figures, so the server refuses it while the period is still being built: say why instead. */
function HoldWaiting({ building }: { building: NonNullable<ReviewFull['pack']['stillBuilding']> }) {
  return (
    <SectionCard
      title="Mark the review held"
      description="Holding freezes the pack's figures; commentary and actions close."
    >
      <Text size="sm" data-testid="hold-waiting">
        This review cannot be held yet: the history of this period is still being built ({building.daysDone}{' '}
        of {building.daysTotal} days). It can be held once the build has written{' '}
        {formatDate(addDay(building.until, -1))}; this page updates as it builds, and commentary and actions
        can be added meanwhile.
      </Text>
    </SectionCard>
  );
}

const addDay = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

const HOLD_FIELDS = ['heldOn', 'attendees'] as const;

function HoldForm({ slug, review }: { slug: string; review: ReviewFull }) {
  const hold = useHoldReview(slug, review.key);
  const { form, formError } = useApiForm(
    { heldOn: today(), attendees: [] as string[] },
    hold.error,
    HOLD_FIELDS,
  );
  return (
    <SectionCard
      title="Mark the review held"
      description="After the meeting: the date and who attended. Holding freezes the pack's figures; commentary and actions close."
    >
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const { heldOn, attendees } = form.values;
          hold.mutate({ version: review.version, heldOn, attendees });
        }}
      >
        <Group align="flex-end">
          <TextInput label="Held on" type="date" required {...form.getInputProps('heldOn')} />
          <TagsInput
            label="Attendees"
            description="Type a name and press Enter"
            {...form.getInputProps('attendees')}
            style={{ flex: 1 }}
          />
          <Button type="submit" leftSection={<IconLock size={16} aria-hidden />} loading={hold.isPending}>
            Mark held
          </Button>
        </Group>
        <FormAlert message={formError} />
      </form>
    </SectionCard>
  );
}
