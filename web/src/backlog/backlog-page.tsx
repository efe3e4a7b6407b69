import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Paper,
  ScrollArea,
  Stack,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import {
  IconArrowDown,
  IconArrowLeft,
  IconArrowRight,
  IconArrowUp,
  IconPencil,
  IconPlus,
  IconTimeline,
} from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { Page } from '../ui/page-layout';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { useWorkspace } from '../workspaces/api';
import { StaffOnlyPage } from '../workspaces/staff-only-page';
import {
  BACKLOG_STATUSES,
  type BacklogItem,
  type BacklogStatus,
  PRIORITY_COLORS,
  PRIORITY_LABELS,
  SOURCE_LABELS,
  STATUS_LABELS,
  useBacklog,
  useMoveBacklogItem,
} from './api';
import { EditBacklogItemDialog } from './edit-item-dialog';
import { NewBacklogItemDialog } from './new-item-dialog';

const route = getRouteApi('/_app/w/$ws/backlog');

export function BacklogPage() {
  const { ws: slug } = route.useParams();
  const membership = useWorkspace(slug).data?.membership;
  return (
    <StaffOnlyPage
      slug={slug}
      title="Improvement backlog"
      notice="The improvement backlog is visible to IT staff"
      description="It holds the improvements both IT parties have agreed to work on."
    >
      <Board slug={slug} mayAdd={membership?.role !== 'viewer'} />
    </StaffOnlyPage>
  );
}

type Direction = 'left' | 'right' | 'up' | 'down';

function Board({ slug, mayAdd }: { slug: string; mayAdd: boolean }) {
  const backlog = useBacklog(slug);
  const move = useMoveBacklogItem(slug);
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<BacklogItem | null>(null);
  const [announcement, setAnnouncement] = useState('');
  // After a keyboard move, focus follows the item to its new place.
  const pendingFocus = useRef<string | null>(null);
  const items = backlog.data?.items ?? [];
  const column = (status: BacklogStatus) =>
    items.filter((i) => i.status === status).sort((a, b) => a.rank - b.rank || a.number - b.number);

  useEffect(() => {
    if (!pendingFocus.current || move.isPending) return;
    const [key, id] = pendingFocus.current.split('|') as [string, string];
    const element =
      document.getElementById(id) ??
      document.querySelector<HTMLElement>(`[data-testid="backlog-item-${key}"] button`);
    if (element) {
      element.focus();
      pendingFocus.current = null;
    }
  });

  const moveItem = (item: BacklogItem, direction: Direction) => {
    const statusIndex = BACKLOG_STATUSES.indexOf(item.status);
    const current = column(item.status);
    const index = current.findIndex((i) => i.id === item.id);
    let status = item.status;
    let position = index;
    if (direction === 'left') status = BACKLOG_STATUSES[statusIndex - 1]!;
    if (direction === 'right') status = BACKLOG_STATUSES[statusIndex + 1]!;
    if (direction === 'left' || direction === 'right') position = column(status).length;
    if (direction === 'up') position = index - 1;
    if (direction === 'down') position = index + 1;
    // Only the internal party sets the order; a provider's move goes to the end of the column.
    const place = item.abilities.prioritise ? position : undefined;
    pendingFocus.current = `${item.key}|backlog-${item.key}-${direction}`;
    move.mutate(
      { item, status, position: place },
      {
        onSuccess: () =>
          setAnnouncement(
            `${item.key} ${item.title} moved to ${STATUS_LABELS[status]}, position ${Math.min(position, column(status).length) + 1}.`,
          ),
        onError: () => {
          pendingFocus.current = null;
        },
      },
    );
  };

  return (
    <Page
      title="Improvement backlog"
      description="The joint backlog of improvements, separate from tickets: actions from post-incident reviews, problems, service reviews and proposals."
      actions={
        mayAdd && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New backlog item
          </Button>
        )
      }
    >
      <div aria-live="polite" className="visually-hidden" style={{ position: 'absolute', left: -10000 }}>
        {announcement}
      </div>
      <QueryStatus query={backlog} rows={4} label="Loading the backlog" />
      {move.isError && <ErrorState error={move.error} title="The item could not be moved" />}
      {backlog.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconTimeline aria-hidden />}
          title="The backlog is empty"
          description="Add an improvement with “New backlog item”, or write a post-incident review: its actions land here."
        />
      )}
      {backlog.isSuccess && items.length > 0 && (
        <ScrollArea type="auto" offsetScrollbars>
          <Group align="flex-start" wrap="nowrap" gap="md" role="list" aria-label="Backlog board">
            {BACKLOG_STATUSES.map((status, statusIndex) => {
              const entries = column(status);
              return (
                <Paper
                  key={status}
                  withBorder
                  radius="md"
                  p="sm"
                  w={236}
                  miw={236}
                  bg="var(--mantine-color-default-hover)"
                  component="section"
                  role="listitem"
                  aria-labelledby={`backlog-column-${status}`}
                  data-testid={`backlog-column-${status}`}
                >
                  <Group justify="space-between" mb="xs">
                    <Title order={2} size="h5" id={`backlog-column-${status}`}>
                      {STATUS_LABELS[status]}
                    </Title>
                    <Badge variant="light" color="gray" aria-label={`${entries.length} items`}>
                      {entries.length}
                    </Badge>
                  </Group>
                  {entries.length === 0 ? (
                    <Text size="xs" c="dimmed">
                      Nothing {STATUS_LABELS[status].toLowerCase()}.
                    </Text>
                  ) : (
                    <Stack gap="xs" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                      {entries.map((item, index) => (
                        <li key={item.id}>
                          <BacklogCard
                            item={item}
                            slug={slug}
                            busy={move.isPending}
                            canLeft={statusIndex > 0}
                            canRight={statusIndex < BACKLOG_STATUSES.length - 1}
                            canUp={index > 0}
                            canDown={index < entries.length - 1}
                            onMove={(direction) => moveItem(item, direction)}
                            onEdit={() => setEditing(item)}
                          />
                        </li>
                      ))}
                    </Stack>
                  )}
                </Paper>
              );
            })}
          </Group>
        </ScrollArea>
      )}
      {mayAdd && <NewBacklogItemDialog slug={slug} opened={creating} onClose={() => setCreating(false)} />}
      <EditBacklogItemDialog slug={slug} item={editing} onClose={() => setEditing(null)} />
    </Page>
  );
}

function BacklogCard({
  item,
  slug,
  busy,
  canLeft,
  canRight,
  canUp,
  canDown,
  onMove,
  onEdit,
}: {
  item: BacklogItem;
  slug: string;
  busy: boolean;
  canLeft: boolean;
  canRight: boolean;
  canUp: boolean;
  canDown: boolean;
  onMove: (direction: Direction) => void;
  onEdit: () => void;
}) {
  const statusIndex = BACKLOG_STATUSES.indexOf(item.status);
  const moves: Array<{ direction: Direction; enabled: boolean; label: string; icon: typeof IconArrowLeft }> =
    [
      {
        direction: 'left',
        enabled: canLeft,
        label: canLeft ? `Move to ${STATUS_LABELS[BACKLOG_STATUSES[statusIndex - 1]!]}` : '',
        icon: IconArrowLeft,
      },
      { direction: 'up', enabled: canUp && item.abilities.prioritise, label: 'Move up', icon: IconArrowUp },
      {
        direction: 'down',
        enabled: canDown && item.abilities.prioritise,
        label: 'Move down',
        icon: IconArrowDown,
      },
      {
        direction: 'right',
        enabled: canRight,
        label: canRight ? `Move to ${STATUS_LABELS[BACKLOG_STATUSES[statusIndex + 1]!]}` : '',
        icon: IconArrowRight,
      },
    ];
  return (
    <Paper
      withBorder
      radius="sm"
      p="xs"
      aria-label={`${item.key} ${item.title}`}
      data-testid={`backlog-item-${item.key}`}
    >
      <Text size="xs" c="dimmed">
        {item.key}
      </Text>
      <Text size="sm" fw={600}>
        {item.title}
      </Text>
      {item.why && (
        <Text size="xs" c="dimmed" lineClamp={3} mt={2}>
          {item.why}
        </Text>
      )}
      <Group gap={4} mt={6}>
        <Badge size="xs" variant="light" color={PRIORITY_COLORS[item.priority]}>
          {PRIORITY_LABELS[item.priority]}
        </Badge>
        <Badge size="xs" variant="outline" color={item.owner.kind === 'internal' ? 'blue' : 'violet'}>
          {item.owner.name}
        </Badge>
        {item.targetQuarter && (
          <Badge size="xs" variant="default">
            {item.targetQuarter}
          </Badge>
        )}
      </Group>
      <Text size="xs" mt={6}>
        {SOURCE_LABELS[item.source.kind]}
        {item.source.link ? (
          <>
            {': '}
            <AnchorLink
              to="/w/$ws/incidents/$key"
              params={{ ws: slug, key: item.source.link.split('/').pop()! }}
              size="xs"
            >
              {item.source.label}
            </AnchorLink>
          </>
        ) : item.source.label ? (
          <>: {item.source.label}</>
        ) : null}
      </Text>
      {item.abilities.update && (
        <Group gap={2} mt={6} justify="flex-end">
          <Tooltip label="Edit" withArrow openDelay={400}>
            <ActionIcon
              variant="subtle"
              size="sm"
              color="gray"
              aria-label={`Edit ${item.key} ${item.title}`}
              onClick={onEdit}
            >
              <IconPencil size={14} aria-hidden />
            </ActionIcon>
          </Tooltip>
          {moves.map(({ direction, enabled, label, icon: Icon }) =>
            enabled ? (
              <Tooltip key={direction} label={label} withArrow openDelay={400}>
                <ActionIcon
                  id={`backlog-${item.key}-${direction}`}
                  variant="subtle"
                  size="sm"
                  aria-label={`${label}: ${item.key} ${item.title}`}
                  disabled={busy}
                  onClick={() => onMove(direction)}
                >
                  <Icon size={14} aria-hidden />
                </ActionIcon>
              </Tooltip>
            ) : null,
          )}
        </Group>
      )}
    </Paper>
  );
}
