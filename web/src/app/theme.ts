import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'md',
  // Keyboard focus is always visible; mouse clicks do not leave rings behind.
  focusRing: 'auto',
  cursorType: 'pointer',
  headings: { fontWeight: '650' },
});
