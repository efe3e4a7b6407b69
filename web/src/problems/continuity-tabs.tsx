import { AddressTabs } from '../ui/address-tabs';

export type ContinuityTab = 'problems' | 'systems' | 'health' | 'handovers';

/** The knowledge-continuity pages share one tab bar: problems, systems, knowledge health, handovers. */
export function ContinuityTabs({ slug, current }: { slug: string; current: ContinuityTab }) {
  const params = { ws: slug };
  return (
    <AddressTabs<ContinuityTab>
      current={current}
      label="Knowledge continuity"
      tabs={[
        { value: 'problems', label: 'Problems', address: { to: '/w/$ws/problems', params } },
        { value: 'systems', label: 'Systems', address: { to: '/w/$ws/systems', params } },
        { value: 'health', label: 'Knowledge health', address: { to: '/w/$ws/knowledge-health', params } },
        { value: 'handovers', label: 'Handovers', address: { to: '/w/$ws/handovers', params } },
      ]}
    />
  );
}
