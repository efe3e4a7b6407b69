import { IconBuildingCommunity, IconUsers } from '@tabler/icons-react';
import { AddressTabs } from '../ui/address-tabs';

/** Members and parties are two tabs of one section; each tab is its own address. */
export function PeopleTabs({ slug, current }: { slug: string; current: 'members' | 'parties' }) {
  return (
    <AddressTabs
      current={current}
      tabs={[
        {
          value: 'members',
          label: 'Members',
          icon: <IconUsers size={16} aria-hidden />,
          address: { to: '/w/$ws/members', params: { ws: slug }, search: {} },
        },
        {
          value: 'parties',
          label: 'Parties',
          icon: <IconBuildingCommunity size={16} aria-hidden />,
          address: { to: '/w/$ws/parties', params: { ws: slug } },
        },
      ]}
    />
  );
}
