import { Group, Paper, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { AnchorLink } from '../ui/router-links';

// Kept free of staff-only pieces: the requester portal's list of requests renders it too.

interface TicketCardProps {
  ticket: { key: string; subject: string };
  ws: string;
  /** Staff open the desk's ticket page; a requester their request's page in the portal. */
  to: '/w/$ws/tickets/$key' | '/w/$ws/portal/requests/$key';
  /** The dimmed line above the subject (key, service, workspace). */
  heading: ReactNode;
  /** The dimmed line under the subject, when there is one. */
  details?: ReactNode;
  /** Before the text, such as a checkbox to pick the ticket. */
  leading?: ReactNode;
  /** On the right, such as the priority or status badge. */
  aside: ReactNode;
  /** Under the row, full width. */
  children?: ReactNode;
}

/** One ticket in a list: a heading line, the subject linking to the ticket, details, and a badge on the right. */
export function TicketCard({ ticket, ws, to, heading, details, leading, aside, children }: TicketCardProps) {
  return (
    <Paper component="li" withBorder radius="md" p="sm">
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        {leading}
        <div style={{ minWidth: 0, flex: 1 }}>
          <Text size="xs" c="dimmed" fw={600}>
            {heading}
          </Text>
          <AnchorLink to={to} params={{ ws, key: ticket.key }} fw={600} style={{ overflowWrap: 'anywhere' }}>
            {ticket.subject}
          </AnchorLink>
          {details && (
            <Text size="xs" c="dimmed" mt={2}>
              {details}
            </Text>
          )}
        </div>
        {aside}
      </Group>
      {children}
    </Paper>
  );
}
