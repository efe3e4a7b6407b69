import { AddressTabs } from '../ui/address-tabs';

/** Obligations and the evidence library, two views of the same recurring controls. */
export function ObligationTabs({ slug, current }: { slug: string; current: 'obligations' | 'evidence' }) {
  const params = { ws: slug };
  return (
    <AddressTabs
      current={current}
      variant="pills"
      label="Obligations views"
      tabs={[
        { value: 'obligations', label: 'Obligations', address: { to: '/w/$ws/obligations', params } },
        {
          value: 'evidence',
          label: 'Evidence library',
          address: { to: '/w/$ws/obligations/evidence', params },
        },
      ]}
    />
  );
}
