import { Tabs, type TabsProps } from '@mantine/core';
import { type NavigateOptions, useNavigate } from '@tanstack/react-router';
import type { ReactNode } from 'react';

export interface AddressTab<Value extends string> {
  value: Value;
  label: string;
  icon?: ReactNode;
  /** The tab's own address. */
  address: NavigateOptions;
}

/** Views of one section as tabs, each its own address: picking a tab goes there. */
export function AddressTabs<Value extends string>({
  current,
  tabs,
  label,
  variant,
}: {
  current: Value;
  tabs: AddressTab<Value>[];
  /** Names the tab list for screen readers. */
  label?: string;
  variant?: TabsProps['variant'];
}) {
  const navigate = useNavigate();
  return (
    <Tabs
      value={current}
      variant={variant}
      onChange={(value) => {
        const tab = tabs.find((t) => t.value === value);
        if (tab) void navigate(tab.address);
      }}
    >
      <Tabs.List aria-label={label}>
        {tabs.map((tab) => (
          <Tabs.Tab key={tab.value} value={tab.value} leftSection={tab.icon}>
            {tab.label}
          </Tabs.Tab>
        ))}
      </Tabs.List>
    </Tabs>
  );
}
