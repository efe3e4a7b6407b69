import { Tabs } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';

export type ContinuityTab = 'problems' | 'systems' | 'health' | 'handovers';

/** The knowledge-continuity pages share one tab bar: problems, systems, knowledge health, handovers. */
export function ContinuityTabs({ slug, current }: { slug: string; current: ContinuityTab }) {
  const navigate = useNavigate();
  const targets = {
    problems: '/w/$ws/problems',
    systems: '/w/$ws/systems',
    health: '/w/$ws/knowledge-health',
    handovers: '/w/$ws/handovers',
  } as const;
  return (
    <Tabs
      value={current}
      onChange={(value) => {
        if (value) void navigate({ to: targets[value as ContinuityTab], params: { ws: slug } });
      }}
    >
      <Tabs.List aria-label="Knowledge continuity">
        <Tabs.Tab value="problems">Problems</Tabs.Tab>
        <Tabs.Tab value="systems">Systems</Tabs.Tab>
        <Tabs.Tab value="health">Knowledge health</Tabs.Tab>
        <Tabs.Tab value="handovers">Handovers</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
