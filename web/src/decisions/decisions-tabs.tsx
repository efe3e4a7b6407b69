import { Tabs } from '@mantine/core';
import { IconGavel, IconScale } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';

/** The decision log and the decision rights are two tabs of one section; each tab is its own address. */
export function DecisionsTabs({ slug, current }: { slug: string; current: 'log' | 'rights' }) {
  const navigate = useNavigate();
  return (
    <Tabs
      value={current}
      onChange={(value) => {
        if (value === 'log') void navigate({ to: '/w/$ws/decisions', params: { ws: slug }, search: {} });
        if (value === 'rights') void navigate({ to: '/w/$ws/decisions/rights', params: { ws: slug } });
      }}
    >
      <Tabs.List>
        <Tabs.Tab value="log" leftSection={<IconGavel size={16} aria-hidden />}>
          Decision log
        </Tabs.Tab>
        <Tabs.Tab value="rights" leftSection={<IconScale size={16} aria-hidden />}>
          Decision rights
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
