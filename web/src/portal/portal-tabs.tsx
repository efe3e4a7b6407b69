import { Stack } from '@mantine/core';
import { IconLifebuoy, IconListDetails } from '@tabler/icons-react';
import { IncidentBanner } from '../incidents/incident-banner';
import { AddressTabs } from '../ui/address-tabs';

/**
 * Asking for help and following one's requests are two tabs of the portal; each tab is its own address.
 * While a major incident is open, its banner sits above the tabs on every portal page.
 */
export function PortalTabs({ slug, current }: { slug: string; current: 'catalogue' | 'requests' }) {
  return (
    <Stack gap="md">
      <IncidentBanner slug={slug} />
      <AddressTabs
        current={current}
        tabs={[
          {
            value: 'catalogue',
            label: 'Request help',
            icon: <IconLifebuoy size={16} aria-hidden />,
            address: { to: '/w/$ws/portal', params: { ws: slug }, search: {} },
          },
          {
            value: 'requests',
            label: 'My requests',
            icon: <IconListDetails size={16} aria-hidden />,
            address: { to: '/w/$ws/portal/requests', params: { ws: slug }, search: {} },
          },
        ]}
      />
    </Stack>
  );
}
