import { Tabs } from '@mantine/core';
import { IconGitPullRequest, IconHistory, IconTable } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';

type Section = 'matrix' | 'proposals' | 'versions';

/** The map, its proposals and its history are three tabs of one section; each tab is its own address. */
export function ResponsibilityTabs({ slug, current }: { slug: string; current: Section }) {
  const navigate = useNavigate();
  return (
    <Tabs
      value={current}
      onChange={(value) => {
        const params = { ws: slug };
        if (value === 'matrix') void navigate({ to: '/w/$ws/responsibility', params, search: {} });
        if (value === 'proposals')
          void navigate({ to: '/w/$ws/responsibility/proposals', params, search: {} });
        if (value === 'versions') void navigate({ to: '/w/$ws/responsibility/versions', params, search: {} });
      }}
    >
      <Tabs.List>
        <Tabs.Tab value="matrix" leftSection={<IconTable size={16} aria-hidden />}>
          Matrix
        </Tabs.Tab>
        <Tabs.Tab value="proposals" leftSection={<IconGitPullRequest size={16} aria-hidden />}>
          Proposals
        </Tabs.Tab>
        <Tabs.Tab value="versions" leftSection={<IconHistory size={16} aria-hidden />}>
          Version history
        </Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
