import { IconGavel, IconScale } from '@tabler/icons-react';
import { AddressTabs } from '../ui/address-tabs';

/** The decision log and the decision rights are two tabs of one section; each tab is its own address. */
export function DecisionsTabs({ slug, current }: { slug: string; current: 'log' | 'rights' }) {
  return (
    <AddressTabs
      current={current}
      tabs={[
        {
          value: 'log',
          label: 'Decision log',
          icon: <IconGavel size={16} aria-hidden />,
          address: { to: '/w/$ws/decisions', params: { ws: slug }, search: {} },
        },
        {
          value: 'rights',
          label: 'Decision rights',
          icon: <IconScale size={16} aria-hidden />,
          address: { to: '/w/$ws/decisions/rights', params: { ws: slug } },
        },
      ]}
    />
  );
}
