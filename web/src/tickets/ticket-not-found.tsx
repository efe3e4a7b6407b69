import { IconTicket } from '@tabler/icons-react';
import { NoticePage } from '../ui/notice-page';
import { ButtonLink } from '../ui/router-links';

/** A key that names no ticket the reader may see (the API answers both the same way). */
export function TicketNotFound({ slug, staff }: { slug: string; staff: boolean }) {
  return (
    <NoticePage
      title="Ticket not found"
      icon={<IconTicket aria-hidden />}
      notice="There is no such ticket here for you"
      description="The key may be mistyped, or the ticket is in a lane your party does not see."
      action={
        staff ? (
          <ButtonLink to="/w/$ws/tickets" params={{ ws: slug }} search={{}}>
            Go to the service desk
          </ButtonLink>
        ) : (
          <ButtonLink to="/w/$ws/portal/requests" params={{ ws: slug }} search={{}}>
            Go to my requests
          </ButtonLink>
        )
      }
    />
  );
}
