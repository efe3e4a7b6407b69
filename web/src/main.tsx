import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/charts/styles.css';
import './app/global.css';
import { MantineProvider } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { lazy, StrictMode, Suspense } from 'react';

// The toast container (and its transition library) is not needed to draw the first page.
const Notifications = lazy(() => import('./ui/notifications-host'));

import { createRoot } from 'react-dom/client';
import { createQueryClient } from './app/query-client';
import { createAppRouter } from './app/router';
import { theme } from './app/theme';
import { onAuthProblem, setCsrfToken } from './ui/api-client';

const queryClient = createQueryClient();
const router = createAppRouter(queryClient);

// A session that ends or needs its MFA step mid-use sends the person to the right sign-in step.
onAuthProblem((problem) => {
  const { pathname, href } = router.state.location;
  if (pathname === '/login' || pathname.startsWith('/invite/')) return;
  queryClient.removeQueries({ queryKey: ['me'] });
  if (problem === 'UNAUTHENTICATED') {
    setCsrfToken(null);
    notifications.show({
      id: 'session-ended',
      color: 'yellow',
      message: 'Your session has ended. Sign in again.',
    });
    void router.navigate({ to: '/login', search: { next: href } });
  } else if (problem === 'MFA_REQUIRED' && pathname !== '/mfa') {
    void router.navigate({ to: '/mfa', search: { next: href } });
  } else if (problem === 'MFA_ENROLMENT_REQUIRED' && pathname !== '/mfa/enrol') {
    void router.navigate({ to: '/mfa/enrol', search: { next: href } });
  }
});

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Suspense fallback={null}>
        <Notifications />
      </Suspense>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
