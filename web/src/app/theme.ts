import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'teal',
  primaryShade: { light: 7, dark: 5 },
  defaultRadius: 'md',
  // Keyboard focus is always visible; mouse clicks do not leave rings behind.
  focusRing: 'auto',
  cursorType: 'pointer',
  headings: { fontWeight: '650' },
  components: {
    // A Select mounts its list only when opened. Mantine keeps it mounted (hidden) by default, and
    // each mounted list measures its position on mount: the ticket page's four selects cost a forced
    // style recalculation each before the page's first paint. A plain object, not Select.extend, so
    // the first load's chunk does not pull Select in.
    Select: { defaultProps: { comboboxProps: { keepMounted: false } } },
  },
});
