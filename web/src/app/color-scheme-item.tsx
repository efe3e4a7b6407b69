import { Menu, useComputedColorScheme, useMantineColorScheme } from '@mantine/core';
import { IconMoon, IconSun } from '@tabler/icons-react';

/**
 * The account menu's light/dark switch. The app starts from the device's preference
 * (prefers-color-scheme); a choice made here is remembered on this device.
 */
export function ColorSchemeItem() {
  const { setColorScheme } = useMantineColorScheme();
  const current = useComputedColorScheme('light', { getInitialValueInEffect: false });
  const next = current === 'dark' ? 'light' : 'dark';
  return (
    <Menu.Item
      leftSection={next === 'dark' ? <IconMoon size={16} aria-hidden /> : <IconSun size={16} aria-hidden />}
      onClick={() => setColorScheme(next)}
    >
      {next === 'dark' ? 'Dark mode' : 'Light mode'}
    </Menu.Item>
  );
}
