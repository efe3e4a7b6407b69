import { Text } from '@mantine/core';
import { ButtonLink } from '../ui/router-links';
import { useIncidents } from './api';

/**
 * "Declare major incident" on a ticket, offered only when the server's abilities say this person
 * may declare; otherwise a short line saying who can.
 */
export function DeclareIncidentAction({ slug, ticketKey }: { slug: string; ticketKey: string }) {
  const incidents = useIncidents(slug, 'open');
  if (!incidents.data) return null;
  if (!incidents.data.abilities.declare) {
    return (
      <Text size="xs" c="dimmed">
        Major incidents are declared by {incidents.data.declareRightHolder}
      </Text>
    );
  }
  return (
    <ButtonLink
      to="/w/$ws/incidents"
      params={{ ws: slug }}
      search={{ declare: ticketKey }}
      size="xs"
      variant="light"
      color="red"
    >
      Declare major incident
    </ButtonLink>
  );
}
