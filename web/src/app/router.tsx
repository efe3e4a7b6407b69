import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { AccountPage } from '../account/account-page';
import { AuditPage } from '../audit/audit-page';
import { validateAuditSearch } from '../audit/audit-search';
import { InvitePage } from '../auth/invite-page';
import { LoginPage } from '../auth/login-page';
import { MfaEnrolPage } from '../auth/mfa-enrol-page';
import { MfaVerifyPage } from '../auth/mfa-verify-page';
import { validateNextSearch } from '../auth/next-path';
import { MembersPage } from '../members/members-page';
import { validateMembersSearch } from '../members/members-search';
import { PartiesPage } from '../members/parties-page';
import { preferredWorkspace } from '../workspaces/last-workspace';
import { NoWorkspacePage } from '../workspaces/no-workspace-page';
import { WorkspaceHomePage } from '../workspaces/workspace-home-page';
import { WorkspaceLayout } from '../workspaces/workspace-layout';
import { requireEnrollableSession, requireFullSession, requirePendingMfa } from './guards';
import { NotFoundPage, RouteErrorPage } from './route-pages';
import { Shell } from './shell';

const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: validateNextSearch,
  component: LoginPage,
});

const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'invite/$token',
  component: InvitePage,
});

const mfaRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'mfa',
  validateSearch: validateNextSearch,
  beforeLoad: requirePendingMfa,
  component: MfaVerifyPage,
});

const mfaEnrolRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'mfa/enrol',
  validateSearch: validateNextSearch,
  beforeLoad: requireEnrollableSession,
  component: MfaEnrolPage,
});

// Everything past sign-in shares the shell and the full-session guard.
const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_app',
  beforeLoad: requireFullSession,
  component: Shell,
});

const indexRoute = createRoute({
  getParentRoute: () => appRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    const slug = preferredWorkspace(context.me.memberships);
    if (slug) throw redirect({ to: '/w/$ws', params: { ws: slug } });
  },
  component: NoWorkspacePage,
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'account',
  component: AccountPage,
});

const workspaceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'w/$ws',
  component: WorkspaceLayout,
});

const workspaceHomeRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/',
  component: WorkspaceHomePage,
});

const membersRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'members',
  validateSearch: validateMembersSearch,
  component: MembersPage,
});

const partiesRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'parties',
  component: PartiesPage,
});

const auditRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'audit',
  validateSearch: validateAuditSearch,
  component: AuditPage,
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  inviteRoute,
  mfaRoute,
  mfaEnrolRoute,
  appRoute.addChildren([
    indexRoute,
    accountRoute,
    workspaceRoute.addChildren([workspaceHomeRoute, membersRoute, partiesRoute, auditRoute]),
  ]),
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: 'intent',
    // Data freshness is TanStack Query's job; the router should not cache loader results on its own.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
