import { Tabs } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';

/** Obligations and the evidence library, two views of the same recurring controls. */
export function ObligationTabs({ slug, current }: { slug: string; current: 'obligations' | 'evidence' }) {
  const navigate = useNavigate();
  return (
    <Tabs
      value={current}
      variant="pills"
      onChange={(v) =>
        void navigate(
          v === 'evidence'
            ? { to: '/w/$ws/obligations/evidence', params: { ws: slug } }
            : { to: '/w/$ws/obligations', params: { ws: slug } },
        )
      }
    >
      <Tabs.List aria-label="Obligations views">
        <Tabs.Tab value="obligations">Obligations</Tabs.Tab>
        <Tabs.Tab value="evidence">Evidence library</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
