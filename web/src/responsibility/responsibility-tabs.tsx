import { IconGitPullRequest, IconHistory, IconTable } from '@tabler/icons-react';
import { AddressTabs } from '../ui/address-tabs';

type Section = 'matrix' | 'proposals' | 'versions';

/** The map, its proposals and its history are three tabs of one section; each tab is its own address. */
export function ResponsibilityTabs({ slug, current }: { slug: string; current: Section }) {
  const params = { ws: slug };
  return (
    <AddressTabs<Section>
      current={current}
      tabs={[
        {
          value: 'matrix',
          label: 'Matrix',
          icon: <IconTable size={16} aria-hidden />,
          address: { to: '/w/$ws/responsibility', params, search: {} },
        },
        {
          value: 'proposals',
          label: 'Proposals',
          icon: <IconGitPullRequest size={16} aria-hidden />,
          address: { to: '/w/$ws/responsibility/proposals', params, search: {} },
        },
        {
          value: 'versions',
          label: 'Version history',
          icon: <IconHistory size={16} aria-hidden />,
          address: { to: '/w/$ws/responsibility/versions', params, search: {} },
        },
      ]}
    />
  );
}
