import { AddressTabs } from '../ui/address-tabs';

export type AccessTab = 'register' | 'grants' | 'reviews';

/** Register, grants and reviews share one tab bar. */
export function AccessTabs({ slug, current }: { slug: string; current: AccessTab }) {
  const params = { ws: slug };
  return (
    <AddressTabs<AccessTab>
      current={current}
      label="Privileged access"
      tabs={[
        { value: 'register', label: 'Register', address: { to: '/w/$ws/access', params } },
        { value: 'grants', label: 'Grants and revocations', address: { to: '/w/$ws/access/grants', params } },
        { value: 'reviews', label: 'Reviews', address: { to: '/w/$ws/access/reviews', params } },
      ]}
    />
  );
}
