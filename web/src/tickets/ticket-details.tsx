import { Button, Group, Paper, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReactNode } from 'react';
import { useAssignableStaff } from '../members/api';
import { isApiError } from '../ui/api-client';
import type { Party } from '../ui/api-types';
import { errorMessage, FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { type TicketChange, useUpdateTicket } from './api';
import { LaneBadge, PriorityBadge, StatusBadge } from './badges';
import { LEVEL_LABELS, STATUS_LABELS } from './labels';
import { StaleAlert } from './stale-alert';
import { LEVELS, type Level, type Ticket, type TicketStatus } from './types';

interface TicketDetailsProps {
  slug: string;
  ticket: Ticket;
  parties: Party[];
  myMembershipId: string;
  onReload: () => Promise<unknown>;
  reloading: boolean;
}

const LEVEL_OPTIONS = LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }));
const UNASSIGNED = 'none';

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text component="dt" size="xs" c="dimmed" fw={600}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </div>
  );
}

/**
 * The ticket page's compact header: the fields staff change (status, impact, urgency, assignee) in
 * one row, then who asked and where it sits.
 */
export function TicketDetails({
  slug,
  ticket,
  parties,
  myMembershipId,
  onReload,
  reloading,
}: TicketDetailsProps) {
  const update = useUpdateTicket(slug);
  const staff = useAssignableStaff(slug, ticket.abilities.assign === true);
  const stale = isApiError(update.error, 'STALE_VERSION');
  const editable = ticket.abilities.update === true;
  // A closed ticket is a record: its status select only reopens it; its fields stay as they were.
  const fieldsEditable = editable && ticket.status !== 'closed';
  const busy = update.isPending;
  const party = (id: string) => parties.find((p) => p.id === id);
  const lanePartyId = ticket.lane.kind === 'party' ? ticket.lane.partyId : null;
  // Someone outside the lane cannot take the ticket: hand it off to their party first.
  const eligible = (staff.data ?? []).filter((m) => !lanePartyId || m.party?.id === lanePartyId);
  const mayTake =
    eligible.some((m) => m.id === myMembershipId) && ticket.assignee?.membershipId !== myMembershipId;
  const statuses: TicketStatus[] = [ticket.status, ...(ticket.abilities.nextStatuses ?? [])];

  function apply(change: TicketChange, done: string) {
    update.mutate(
      { ticket, change },
      { onSuccess: () => notifications.show({ color: 'teal', message: `${ticket.key}: ${done}.` }) },
    );
  }

  return (
    <Paper withBorder radius="md" p="sm" component="section" aria-labelledby="details-title">
      <Title order={2} size="h5" id="details-title" mb={6}>
        Details
      </Title>
      <Stack gap="xs">
        {stale && (
          <StaleAlert reloading={reloading} onReload={() => void onReload().then(() => update.reset())} />
        )}
        {update.isError && !stale && <FormAlert message={errorMessage(update.error)} title="Not changed" />}
        <SimpleGrid cols={{ base: 1, xs: 2, lg: 4 }} spacing="xs" verticalSpacing={6}>
          {editable ? (
            <Select
              size="xs"
              label="Status"
              title="Only the moves the ticket’s lifecycle allows are offered."
              data={statuses.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
              value={ticket.status}
              onChange={(value) =>
                value &&
                value !== ticket.status &&
                apply(
                  { status: value as TicketStatus },
                  `status is now ${STATUS_LABELS[value as TicketStatus].toLowerCase()}`,
                )
              }
              allowDeselect={false}
              disabled={busy}
            />
          ) : null}
          {fieldsEditable ? (
            <>
              <Select
                size="xs"
                label="Impact"
                data={LEVEL_OPTIONS}
                value={ticket.impact}
                onChange={(value) =>
                  value &&
                  value !== ticket.impact &&
                  apply({ impact: value as Level }, `impact set to ${value}`)
                }
                allowDeselect={false}
                disabled={busy}
              />
              <Select
                size="xs"
                label="Urgency"
                data={LEVEL_OPTIONS}
                value={ticket.urgency}
                onChange={(value) =>
                  value &&
                  value !== ticket.urgency &&
                  apply({ urgency: value as Level }, `urgency set to ${value}`)
                }
                allowDeselect={false}
                disabled={busy}
              />
            </>
          ) : null}
          {ticket.abilities.assign ? (
            <Stack gap={2}>
              <Select
                size="xs"
                label="Assignee"
                title={lanePartyId ? 'People of the party whose lane the ticket is in.' : undefined}
                data={[
                  { value: UNASSIGNED, label: 'Unassigned' },
                  ...eligible.map((m) => ({
                    value: m.id,
                    label: `${m.account.name} (${m.party?.name ?? ''})`,
                  })),
                  // The current assignee stays listed even when the picker would not offer them.
                  ...(ticket.assignee && !eligible.some((m) => m.id === ticket.assignee?.membershipId)
                    ? [
                        {
                          value: ticket.assignee.membershipId,
                          label: ticket.assignee.name ?? 'A former member',
                        },
                      ]
                    : []),
                ]}
                value={ticket.assignee?.membershipId ?? UNASSIGNED}
                onChange={(value) => {
                  if (!value || value === (ticket.assignee?.membershipId ?? UNASSIGNED)) return;
                  const id = value === UNASSIGNED ? null : value;
                  const name = eligible.find((m) => m.id === id)?.account.name;
                  apply({ assigneeMembershipId: id }, id ? `assigned to ${name ?? 'someone'}` : 'unassigned');
                }}
                allowDeselect={false}
                searchable
                disabled={busy || staff.isPending}
              />
              {mayTake && (
                <Group>
                  <Button
                    size="compact-xs"
                    variant="subtle"
                    disabled={busy}
                    onClick={() => apply({ assigneeMembershipId: myMembershipId }, 'assigned to you')}
                  >
                    Assign to me
                  </Button>
                </Group>
              )}
            </Stack>
          ) : null}
        </SimpleGrid>
        <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="xs" verticalSpacing={4} component="dl" m={0}>
          {!editable && (
            <Row label="Status">
              <StatusBadge status={ticket.status} />
            </Row>
          )}
          {!ticket.abilities.assign && (
            <Row label="Assignee">{ticket.assignee ? ticket.assignee.name : 'Unassigned'}</Row>
          )}
          <Row label="Priority">
            <PriorityBadge priority={ticket.priority} />
          </Row>
          {!fieldsEditable && (
            <Row label="Impact × urgency">
              {LEVEL_LABELS[ticket.impact]} × {LEVEL_LABELS[ticket.urgency].toLowerCase()}
            </Row>
          )}
          <Row label="Requester">{ticket.requester.name ?? 'A former member'}</Row>
          <Row label="Service">{ticket.service.name ?? '—'}</Row>
          <Row label="Lane">
            <LaneBadge
              lane={ticket.lane}
              partyKind={lanePartyId ? party(lanePartyId)?.kind : undefined}
              partyName={(id) => party(id)?.name}
            />
          </Row>
          <Row label="Raised">{formatDateTime(ticket.createdAt)}</Row>
          <Row label="First response">{formatDateTime(ticket.firstResponseAt, 'Not yet')}</Row>
          {ticket.resolvedAt && <Row label="Resolved">{formatDateTime(ticket.resolvedAt)}</Row>}
        </SimpleGrid>
      </Stack>
    </Paper>
  );
}
