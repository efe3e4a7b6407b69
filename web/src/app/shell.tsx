import { Box, Burger, Group, Text, UnstyledButton } from '@mantine/core';
import { useDisclosure, useMediaQuery } from '@mantine/hooks';
import { getRouteApi, Outlet, useParams, useRouterState } from '@tanstack/react-router';
import { lazy, Suspense, useEffect } from 'react';
import { useMe } from '../auth/api';
import { TandemMark } from '../ui/tandem-mark';
import { preferredWorkspace } from '../workspaces/last-workspace';
import classes from './shell.module.css';

const appRoute = getRouteApi('/_app');
// The header's menus, switcher and bell (popovers, combobox) come in their own chunk right after the
// first page is drawn: they are not needed to show it (bench/bundle-sizes.js).
const NotificationBell = lazy(() =>
  import('../notifications/notification-bell').then((m) => ({ default: m.NotificationBell })),
);
const WorkspaceSwitcher = lazy(() =>
  import('../workspaces/workspace-switcher').then((m) => ({ default: m.WorkspaceSwitcher })),
);
const UserMenu = lazy(() => import('./user-menu').then((m) => ({ default: m.UserMenu })));
// The navigation (its icons and every area's links) is fetched beside the first page, not before it.
const Navigation = lazy(() => import('./navigation').then((m) => ({ default: m.Navigation })));

/** Must match the breakpoint in shell.module.css (Mantine's `sm`). */
const WIDE = '(min-width: 48em)';

/**
 * The frame of every signed-in page: header, navigation and main. A CSS grid of our own rather
 * than Mantine's AppShell, whose resize handles and scroll locking the requester's first load
 * would carry without using them.
 */
export function Shell() {
  const { me: initialMe } = appRoute.useRouteContext();
  const me = useMe().data ?? initialMe;
  const [opened, { toggle, close }] = useDisclosure(false);
  // Below the breakpoint a closed navigation is only moved off screen: make it inert too, so
  // keyboard and screen reader users do not land on links they cannot see.
  const isWide = useMediaQuery(WIDE, undefined, { getInitialValueInEffect: false });
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const params = useParams({ strict: false });
  const slug = params.ws ?? preferredWorkspace(me.memberships);

  // On a phone the navigation covers the page: close it once the person has picked where to go.
  useEffect(() => {
    if (pathname) close();
  }, [pathname, close]);

  return (
    <div className={classes.shell}>
      <header className={classes.header}>
        <UnstyledButton component="a" href="#main" className="skip-link">
          Skip to content
        </UnstyledButton>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? 'Close navigation' : 'Open navigation'}
              aria-expanded={opened}
              aria-controls="app-navigation"
            />
            <Group gap={8} wrap="nowrap">
              <TandemMark />
              <Text fw={700} fz="lg">
                Tandem
              </Text>
            </Group>
            {slug && (
              <Suspense fallback={null}>
                <WorkspaceSwitcher memberships={me.memberships} current={slug} visibleFrom="sm" />
              </Suspense>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Suspense fallback={<Box w={48} h={40} aria-hidden />}>
              {slug && <NotificationBell slug={slug} />}
              <UserMenu name={me.account.name} email={me.account.email} />
            </Suspense>
          </Group>
        </Group>
      </header>
      <nav
        className={classes.navbar}
        data-opened={opened || undefined}
        id="app-navigation"
        aria-label="Main"
        inert={!isWide && !opened}
      >
        {slug && (
          <Suspense fallback={null}>
            <WorkspaceSwitcher memberships={me.memberships} current={slug} hiddenFrom="sm" mb="sm" />
          </Suspense>
        )}
        <Suspense fallback={null}>
          <Navigation slug={slug} pathname={pathname} isAdmin={me.account.isAdmin} />
        </Suspense>
      </nav>
      <main className={classes.main} id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}
