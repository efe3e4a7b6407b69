import { Tabs } from '@mantine/core';
import { IconBuildingCommunity, IconUsers } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';

/** Members and parties are two tabs of one section; each tab is its own address. */
export function PeopleTabs({ slug, current }: { slug: string; current: 'members' | 'parties' }) {
  const navigate = useNavigate();
  return (
    <Tabs
      value={current}
      onChange={(value) => {
        if (value === 'members') void navigate({ to: '/w/$ws/members', params: { ws: slug }, search: {} });
        if (value === 'parties') void navigate({ to: '/w/$ws/parties', params: { ws: slug } });
      }}
    >
      <Tabs.List>
        <Tabs.Tab value="members" leftSection={<IconUsers size={16} aria-hidden />}>
          Members
        </Tabs.Tab>
        <Tabs.Tab value="parties" leftSection={<IconBuildingCommunity size={16} aria-hidden />}>
          Parties
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
