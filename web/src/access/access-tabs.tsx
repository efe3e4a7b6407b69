import { Tabs } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';

export type AccessTab = 'register' | 'grants' | 'reviews';

/** Register, grants and reviews share one tab bar. */
export function AccessTabs({ slug, current }: { slug: string; current: AccessTab }) {
  const navigate = useNavigate();
  const targets = {
    register: '/w/$ws/access',
    grants: '/w/$ws/access/grants',
    reviews: '/w/$ws/access/reviews',
  } as const;
  return (
    <Tabs
      value={current}
      onChange={(value) => {
        if (value) void navigate({ to: targets[value as AccessTab], params: { ws: slug } });
      }}
    >
      <Tabs.List aria-label="Privileged access">
        <Tabs.Tab value="register">Register</Tabs.Tab>
        <Tabs.Tab value="grants">Grants and revocations</Tabs.Tab>
        <Tabs.Tab value="reviews">Reviews</Tabs.Tab>
      </Tabs.List>
    </Tabs>
  );
}
