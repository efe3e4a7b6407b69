import { Alert, Button, Grid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowBackUp, IconCircleCheck, IconMessageQuestion } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { IncidentBanner } from '../incidents/incident-banner';
import { SuggestedArticles } from '../knowledge/suggestions-card';
import { useUpdateTicket } from '../tickets/api';
import { AttachmentsCard } from '../tickets/attachments-card';
import { StatusBadge } from '../tickets/badges';
import { CommentList } from '../tickets/comment-list';
import { isTicketKey } from '../tickets/labels';
import { StaleAlert } from '../tickets/stale-alert';
import { TicketNotFound } from '../tickets/ticket-not-found';
import type { Ticket } from '../tickets/types';
import { useTicketPage } from '../tickets/use-ticket-page';
import { isApiError } from '../ui/api-client';
import { errorMessage, FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { Page } from '../ui/page-layout';
import { TitledSection } from '../ui/titled-section';
import { ExpectationsCard } from './expectations-card';
import { RequestBody } from './field-values';
import { RatingSection } from './rating-section';
import { ReplyBox } from './reply-box';

const route = getRouteApi('/_app/w/$ws/portal/requests/$key');

export function MyRequestPage() {
  const { ws: slug, key } = route.useParams();
  if (!isTicketKey(key)) return <TicketNotFound slug={slug} staff={false} />;
  return <RequestView slug={slug} ticketKey={key} />;
}

/** A request as its requester follows it: where it stands, the public conversation, reopen and rating. */
export function RequestView({ slug, ticketKey }: { slug: string; ticketKey: string }) {
  const { query, crumbs, pending } = useTicketPage(slug, ticketKey, false);
  if (!query.isSuccess) return pending;

  const { ticket, comments, incidents = [] } = query.data;
  // The open major incidents this request is part of (the server sends the requester only those).
  const openIncidents = incidents.filter((i) => i.status === 'open').map((i) => i.key);
  const showRating = ticket.rating !== null || ticket.abilities.rate === true;
  const main = (
    <Stack gap="lg">
      {openIncidents.length > 0 && <IncidentBanner slug={slug} only={openIncidents} />}
      <RequestBody
        slug={slug}
        description={ticket.description}
        catalogueItemId={ticket.catalogueItemId}
        fieldValues={ticket.fieldValues}
      />
      <SuggestedArticles slug={slug} ticketKey={ticket.key} audience="requester" />
      <TitledSection title="Conversation with IT" headingGap="sm">
        <Stack gap="md">
          {comments.length === 0 ? (
            <Text size="sm" c="dimmed">
              No replies yet. IT answers here, and you can add details at any time.
            </Text>
          ) : (
            <CommentList comments={comments} audience="requester" />
          )}
          {ticket.abilities.comment && (
            <ReplyBox
              slug={slug}
              ticketKey={ticket.key}
              waitingOnMe={ticket.status === 'waiting_on_requester'}
            />
          )}
        </Stack>
      </TitledSection>
      <AttachmentsCard
        slug={slug}
        ticketKey={ticket.key}
        mayUpload={ticket.abilities.comment === true}
        hint="Add a screenshot or a document that helps IT understand."
      />
    </Stack>
  );
  return (
    <Page
      title={ticket.subject}
      description={`${ticket.key} · asked on ${formatDateTime(ticket.createdAt)} · ${ticket.service.name ?? 'IT'}`}
      actions={<StatusBadge status={ticket.status} forRequester size="lg" />}
    >
      {crumbs}
      <Where slug={slug} ticket={ticket} reload={query.refetch} reloading={query.isFetching} />
      {ticket.status !== 'resolved' && ticket.status !== 'closed' && (
        <ExpectationsCard
          slug={slug}
          ticketKey={ticket.key}
          waitingOnYou={ticket.status === 'waiting_on_requester'}
        />
      )}
      {showRating ? (
        <Grid gap="lg">
          <Grid.Col span={{ base: 12, md: 8 }}>{main}</Grid.Col>
          <Grid.Col span={{ base: 12, md: 4 }}>
            <RatingSection slug={slug} ticket={ticket} />
          </Grid.Col>
        </Grid>
      ) : (
        <Stack maw={820}>{main}</Stack>
      )}
    </Page>
  );
}

/** Where the request stands, in plain words, with "Reopen" once it is resolved or closed. */
function Where(props: { slug: string; ticket: Ticket; reload: () => Promise<unknown>; reloading: boolean }) {
  const { slug, ticket, reload, reloading } = props;
  const update = useUpdateTicket(slug);
  const stale = isApiError(update.error, 'STALE_VERSION');
  const done = ticket.status === 'resolved' || ticket.status === 'closed';

  if (ticket.status === 'waiting_on_requester')
    return (
      <Alert
        color="orange"
        variant="light"
        icon={<IconMessageQuestion aria-hidden />}
        title="IT is waiting for your reply"
      >
        <Text size="sm">Read IT’s last message below and answer it, so they can carry on.</Text>
      </Alert>
    );
  if (!done) return null;
  return (
    <Alert
      color="green"
      variant="light"
      icon={<IconCircleCheck aria-hidden />}
      title={ticket.status === 'resolved' ? `Resolved ${formatDateTime(ticket.resolvedAt)}` : 'Closed'}
    >
      <Stack gap="xs">
        <Text size="sm">
          {ticket.status === 'resolved'
            ? 'IT thinks this is sorted. If it is not, reopen it and say what is still wrong.'
            : 'This request is closed. If the problem came back, reopen it.'}
        </Text>
        {stale && (
          <StaleAlert reloading={reloading} onReload={() => void reload().then(() => update.reset())} />
        )}
        {update.isError && !stale && <FormAlert message={errorMessage(update.error)} title="Not reopened" />}
        {ticket.abilities.reopen && (
          <div>
            <Button
              variant="default"
              size="sm"
              leftSection={<IconArrowBackUp size={16} aria-hidden />}
              loading={update.isPending}
              onClick={() =>
                update.mutate(
                  { ticket, change: { status: 'in_progress' } },
                  {
                    onSuccess: () =>
                      notifications.show({ color: 'teal', message: `${ticket.key} reopened.` }),
                  },
                )
              }
            >
              Reopen
            </Button>
          </div>
        )}
      </Stack>
    </Alert>
  );
}
