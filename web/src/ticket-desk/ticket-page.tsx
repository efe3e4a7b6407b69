import { Alert, Grid, Group, Rating, Skeleton, Stack, Text } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { DeclareIncidentAction } from '../incidents/declare-action';
import { SuggestedArticles } from '../knowledge/suggestions-card';
import { WriteUpCard } from '../knowledge/write-up-button';
import { MacroMenu } from '../macros/macro-menu';
import { RequestBody } from '../portal/field-values';
import { RequestView } from '../portal/request-view-page';
import { SlaPanel } from '../sla/sla-panel';
import { BouncingBadge, PriorityBadge, StatusBadge } from '../tickets/badges';
import { CommentComposer } from '../tickets/comment-composer';
import { CommentList } from '../tickets/comment-list';
import { isTicketKey } from '../tickets/labels';
import { TicketDetails } from '../tickets/ticket-details';
import { TicketNotFound } from '../tickets/ticket-not-found';
import { TicketPath } from '../tickets/ticket-path';
import type { TicketDetail } from '../tickets/types';
import { useTicketPage } from '../tickets/use-ticket-page';
import { formatDateTime } from '../ui/format';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { TitledSection } from '../ui/titled-section';
import { useAfterFirstPaint } from '../ui/use-after-first-paint';
import { useParties, useWorkspace } from '../workspaces/api';
import { isStaff } from '../workspaces/membership';
import { TicketSidePanel } from './ticket-side-panel';

const route = getRouteApi('/_app/w/$ws/tickets/$key');

export function TicketPage() {
  const { ws: slug, key } = route.useParams();
  const membership = useWorkspace(slug).data?.membership;
  if (!isTicketKey(key)) return <TicketNotFound slug={slug} staff={isStaff(membership)} />;
  // A requester following a link to a ticket sees their own view of it.
  if (!isStaff(membership)) return <RequestView slug={slug} ticketKey={key} />;
  return <StaffTicketView slug={slug} ticketKey={key} />;
}

function StaffTicketView({ slug, ticketKey }: { slug: string; ticketKey: string }) {
  const { query, crumbs, pending } = useTicketPage(slug, ticketKey, true);
  if (!query.isSuccess) return pending;
  return (
    <StaffTicket
      slug={slug}
      data={query.data}
      crumbs={crumbs}
      reload={query.refetch}
      reloading={query.isFetching}
    />
  );
}

function StaffTicket(props: {
  slug: string;
  data: TicketDetail;
  crumbs: React.ReactNode;
  reload: () => Promise<unknown>;
  reloading: boolean;
}) {
  const { slug, data, crumbs, reload, reloading } = props;
  const { ticket, comments, handoffs, watchers, timeByParty, incidents = [] } = data;
  const detail = useWorkspace(slug).data;
  const parties = useParties(slug).data?.items ?? [];
  const membership = detail?.membership;
  const party = (id: string) => parties.find((p) => p.id === id);
  const myPartyName = (membership?.partyId && party(membership.partyId)?.name) || 'my party';
  // The reply box and the side column (path, SLA clocks, records, articles) mount just after the
  // ticket and its conversation have painted: about half of the page's first render.
  const restShown = useAfterFirstPaint();

  return (
    <Page
      title={ticket.subject}
      description={`${ticket.key} · raised by ${ticket.requester.name ?? 'a former member'} on ${formatDateTime(ticket.createdAt)}`}
      actions={
        <Group gap={6}>
          <StatusBadge status={ticket.status} size="lg" />
          <PriorityBadge priority={ticket.priority} />
          {ticket.bouncing && <BouncingBadge handoffCount={ticket.handoffCount} />}
          {ticket.abilities.update && (
            <MacroMenu
              slug={slug}
              ticketKey={ticket.key}
              ticketStatus={ticket.status}
              version={ticket.version}
              lane={
                ticket.lane.kind === 'party' ? { partyId: ticket.lane.partyId, name: ticket.lane.name } : null
              }
              myPartyId={membership?.partyId ?? null}
            />
          )}
          <DeclareIncidentAction slug={slug} ticketKey={ticket.key} />
        </Group>
      }
    >
      {crumbs}
      {incidents.map((incident) => (
        <Alert
          key={incident.key}
          color={incident.status === 'open' ? 'red' : 'gray'}
          variant="light"
          title={
            incident.status === 'open'
              ? `Part of an open major incident: ${incident.key}`
              : `Was part of major incident ${incident.key} (resolved)`
          }
        >
          <AnchorLink to="/w/$ws/incidents/$key" params={{ ws: slug, key: incident.key }} size="sm">
            {incident.title}
          </AnchorLink>
        </Alert>
      ))}
      <TicketDetails
        slug={slug}
        ticket={ticket}
        parties={parties}
        myMembershipId={membership?.id ?? ''}
        onReload={reload}
        reloading={reloading}
      />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <Stack gap="md">
            <RequestBody
              slug={slug}
              description={ticket.description}
              catalogueItemId={ticket.catalogueItemId}
              fieldValues={ticket.fieldValues}
            />
            {ticket.rating !== null && (
              <Alert color="teal" variant="light" title="The requester’s rating">
                <Group gap="xs">
                  <Rating value={ticket.rating} readOnly aria-hidden />
                  <Text size="sm">{ticket.rating} out of 5</Text>
                </Group>
                {ticket.ratingComment && (
                  <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
                    “{ticket.ratingComment}”
                  </Text>
                )}
              </Alert>
            )}
            <TitledSection title="Conversation" headingGap="sm">
              <Stack gap="md">
                {comments.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    No replies or notes yet. A public reply is the requester’s first response.
                  </Text>
                ) : (
                  <CommentList
                    comments={comments}
                    audience="staff"
                    partyName={(id) => party(id)?.name}
                    partyKind={(id) => party(id)?.kind}
                  />
                )}
                {!restShown ? (
                  <Skeleton h={150} radius="md" aria-hidden />
                ) : ticket.abilities.comment ? (
                  <CommentComposer
                    slug={slug}
                    ticketKey={ticket.key}
                    mayWriteNotes={ticket.abilities.commentInternal === true}
                    myPartyName={myPartyName}
                  />
                ) : (
                  <Text size="xs" c="dimmed">
                    Viewers read the conversation; leads and agents write in it.
                  </Text>
                )}
              </Stack>
            </TitledSection>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          {restShown ? (
            <Stack gap="md">
              {/* A resolved ticket's next step is keeping what was learnt (web/src/knowledge). First in the
                  column: nothing above it loads late, so its dropdown never ends up under a moved card. */}
              {(ticket.status === 'resolved' || ticket.status === 'closed') && ticket.abilities.update && (
                <WriteUpCard slug={slug} ticketKey={ticket.key} />
              )}
              {/* The handoff path sits beside the conversation: where the eye goes next. */}
              <TicketPath
                slug={slug}
                ticket={ticket}
                handoffs={handoffs}
                parties={parties}
                onReload={reload}
              />
              {/* SLA clocks (web/src/sla). */}
              <SlaPanel slug={slug} ticketKey={ticket.key} />
              <TicketSidePanel
                slug={slug}
                ticket={ticket}
                parties={parties}
                watchers={watchers ?? []}
                timeByParty={timeByParty}
                myParty={
                  membership?.partyId && membership.partyKind
                    ? { id: membership.partyId, kind: membership.partyKind }
                    : null
                }
              />
              {/* Knowledge base (web/src/knowledge): articles that may help. */}
              <SuggestedArticles slug={slug} ticketKey={ticket.key} audience="staff" />
            </Stack>
          ) : (
            <Skeleton h={260} radius="md" aria-hidden />
          )}
        </Grid.Col>
      </Grid>
    </Page>
  );
}
