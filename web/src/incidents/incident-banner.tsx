import { Alert, Button, Stack, Text } from '@mantine/core';
import { IconAlertOctagon } from '@tabler/icons-react';
import { formatDateTime } from '../ui/format';
import { useWorkspace } from '../workspaces/api';
import { useIncidentBanner, useSubscribeFromBanner } from './api';

/**
 * Shown at the top of the requester portal while a major incident is open: its latest public update.
 * `only` narrows it to some incidents (those a request is linked to).
 */
export function IncidentBanner({ slug, only }: { slug: string; only?: string[] }) {
  const banner = useIncidentBanner(slug);
  const membershipId = useWorkspace(slug).data?.membership.id;
  const subscribe = useSubscribeFromBanner(slug);
  // A failed banner load must not take the portal down with it: the banner simply stays away.
  const items = banner.data?.items.filter((item) => !only || only.includes(item.key)) ?? [];
  if (!banner.isSuccess || items.length === 0) return null;
  return (
    <Stack gap="xs" component="section" aria-label="Major incidents in progress">
      {items.map((item) => (
        <Alert
          key={item.key}
          color="red"
          variant="light"
          icon={<IconAlertOctagon aria-hidden />}
          title={`Major incident: ${item.title}`}
          role="status"
          data-testid="incident-banner"
        >
          {item.latestUpdate ? (
            <>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {item.latestUpdate.body}
              </Text>
              <Text size="xs" c="dimmed" mt={4}>
                Update of {formatDateTime(item.latestUpdate.createdAt)}
              </Text>
            </>
          ) : (
            <Text size="sm">IT is working on it. Updates will appear here.</Text>
          )}
          {membershipId && (
            <Button
              size="xs"
              variant="subtle"
              mt={6}
              px={0}
              loading={subscribe.isPending}
              onClick={() => subscribe.mutate({ key: item.key, subscribe: !item.subscribed, membershipId })}
            >
              {item.subscribed ? 'Unsubscribe from updates' : 'Subscribe to updates'}
            </Button>
          )}
        </Alert>
      ))}
    </Stack>
  );
}
