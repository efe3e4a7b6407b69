import { Stack, Tabs } from '@mantine/core';
import { IconLifebuoy, IconListDetails } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { IncidentBanner } from '../incidents/incident-banner';

/**
 * Asking for help and following one's requests are two tabs of the portal; each tab is its own address.
 * While a major incident is open, its banner sits above the tabs on every portal page.
 */
export function PortalTabs({ slug, current }: { slug: string; current: 'catalogue' | 'requests' }) {
  const navigate = useNavigate();
  return (
    <Stack gap="md">
      <IncidentBanner slug={slug} />
      <Tabs
        value={current}
        onChange={(value) => {
          if (value === 'catalogue') void navigate({ to: '/w/$ws/portal', params: { ws: slug }, search: {} });
          if (value === 'requests')
            void navigate({ to: '/w/$ws/portal/requests', params: { ws: slug }, search: {} });
        }}
      >
        <Tabs.List>
          <Tabs.Tab value="catalogue" leftSection={<IconLifebuoy size={16} aria-hidden />}>
            Request help
          </Tabs.Tab>
          <Tabs.Tab value="requests" leftSection={<IconListDetails size={16} aria-hidden />}>
            My requests
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
    </Stack>
  );
}
