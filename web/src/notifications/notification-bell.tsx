import { ActionIcon, type ActionIconProps, Indicator, Tooltip } from '@mantine/core';
import { IconBell } from '@tabler/icons-react';
import { createLink } from '@tanstack/react-router';
import { forwardRef } from 'react';
import { useUnreadCount } from './api';

type IconLinkProps = ActionIconProps & Omit<React.ComponentPropsWithoutRef<'a'>, keyof ActionIconProps>;
const IconAnchor = forwardRef<HTMLAnchorElement, IconLinkProps>((props, ref) => (
  <ActionIcon component="a" ref={ref} {...props} />
));
const ActionIconLink = createLink(IconAnchor);

/** The header's bell: unread count for the current workspace, opening the notifications page. */
export function NotificationBell({ slug }: { slug: string }) {
  const unread = useUnreadCount(slug).data?.unread ?? 0;
  const label = unread === 0 ? 'Notifications, none unread' : `Notifications, ${unread} unread`;
  return (
    <Tooltip label={label} withArrow>
      <Indicator
        // The link's own label says the count; the badge is for the eye.
        label={<span aria-hidden>{unread > 99 ? '99+' : unread}</span>}
        size={16}
        color="red"
        disabled={unread === 0}
        offset={4}
      >
        <ActionIconLink
          to="/w/$ws/notifications"
          params={{ ws: slug }}
          variant="subtle"
          size="lg"
          aria-label={label}
        >
          <IconBell size={20} aria-hidden />
        </ActionIconLink>
      </Indicator>
    </Tooltip>
  );
}
