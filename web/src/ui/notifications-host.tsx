import { Notifications } from '@mantine/notifications';

/** Where toasts appear; loaded after the first page (main.tsx imports it lazily). */
export default function NotificationsHost() {
  return <Notifications position="top-right" />;
}
