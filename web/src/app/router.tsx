import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  redirect,
} from '@tanstack/react-router';
import { validateAuditSearch } from '../audit/audit-search';
import { validateLoginSearch, validateNextSearch } from '../auth/next-path';
import { validateDecisionsSearch } from '../decisions/decisions-search';
import { validateIncidentsSearch } from '../incidents/incidents-search';
import { validateKnowledgeSearch } from '../knowledge/knowledge-search';
import { validateMembersSearch } from '../members/members-search';
import {
  redirectRequesterHome,
  validateMyRequestsSearch,
  validatePortalSearch,
} from '../portal/portal-search';
import {
  validateMatrixSearch,
  validateProposalsSearch,
  validateVersionsSearch,
} from '../responsibility/responsibility-search';
import { validateTicketsSearch } from '../tickets/tickets-search';
import { workspaceQueryOptions } from '../workspaces/api';
import { preferredWorkspace } from '../workspaces/last-workspace';
import { WorkspaceLayout } from '../workspaces/workspace-layout';
import { requireEnrollableSession, requireFullSession, requirePendingMfa } from './guards';
import { NotFoundPage, RouteErrorPage } from './route-pages';
import { Shell } from './shell';

// Each page is its own chunk, fetched when its route is first visited: a requester opening the portal
// downloads the shell and the portal, not every staff screen (bench/bundle-sizes.js measures it).
// The loaders that start a page's data (page-prefetch.ts) are one chunk of their own for the same
// reason: it loads beside the page's chunk, and the shell stays within the portal's budget.
const pagePrefetch = () => import('./page-prefetch');

/** Starts a page's data without holding the page up; a failure is for the page's own query to report. */
function startPrefetch(run: (prefetch: Awaited<ReturnType<typeof pagePrefetch>>) => void) {
  void pagePrefetch().then(run, () => undefined);
}
const rootRoute = createRootRouteWithContext<{ queryClient: QueryClient }>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
  errorComponent: RouteErrorPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'login',
  validateSearch: validateLoginSearch,
  component: lazyRouteComponent(() => import('../auth/login-page'), 'LoginPage'),
});

const inviteRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'invite/$token',
  component: lazyRouteComponent(() => import('../auth/invite-page'), 'InvitePage'),
});

const mfaRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'mfa',
  validateSearch: validateNextSearch,
  beforeLoad: requirePendingMfa,
  component: lazyRouteComponent(() => import('../auth/mfa-verify-page'), 'MfaVerifyPage'),
});

const mfaEnrolRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: 'mfa/enrol',
  validateSearch: validateNextSearch,
  beforeLoad: requireEnrollableSession,
  component: lazyRouteComponent(() => import('../auth/mfa-enrol-page'), 'MfaEnrolPage'),
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
  component: lazyRouteComponent(() => import('../workspaces/no-workspace-page'), 'NoWorkspacePage'),
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'account',
  component: lazyRouteComponent(() => import('../account/account-page'), 'AccountPage'),
});

const workspaceRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'w/$ws',
  // Started here, it loads beside the page's data (their loaders run side by side; see page-prefetch.ts).
  loader: ({ context, params }) => void context.queryClient.prefetchQuery(workspaceQueryOptions(params.ws)),
  component: WorkspaceLayout,
});

const workspaceHomeRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: '/',
  // Service desk: a requester's home is the portal.
  beforeLoad: redirectRequesterHome,
  loader: ({ context, params }) => startPrefetch((p) => p.prefetchWorkspaceHome(context, params.ws)),
  component: lazyRouteComponent(() => import('../home/workspace-home-page'), 'WorkspaceHomePage'),
});

const membersRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'members',
  validateSearch: validateMembersSearch,
  component: lazyRouteComponent(() => import('../members/members-page'), 'MembersPage'),
});

const partiesRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'parties',
  component: lazyRouteComponent(() => import('../members/parties-page'), 'PartiesPage'),
});

const auditRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'audit',
  validateSearch: validateAuditSearch,
  component: lazyRouteComponent(() => import('../audit/audit-page'), 'AuditPage'),
});

const responsibilityRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'responsibility',
  validateSearch: validateMatrixSearch,
  component: lazyRouteComponent(() => import('../responsibility/matrix-page'), 'MatrixPage'),
});

const proposalsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'responsibility/proposals',
  validateSearch: validateProposalsSearch,
  component: lazyRouteComponent(() => import('../responsibility/proposals-page'), 'ProposalsPage'),
});

const proposalRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'responsibility/proposals/$number',
  component: lazyRouteComponent(() => import('../responsibility/proposal-page'), 'ProposalPage'),
});

const versionsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'responsibility/versions',
  validateSearch: validateVersionsSearch,
  component: lazyRouteComponent(() => import('../responsibility/versions-page'), 'VersionsPage'),
});

const decisionsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'decisions',
  validateSearch: validateDecisionsSearch,
  component: lazyRouteComponent(() => import('../decisions/decisions-page'), 'DecisionsPage'),
});

const decisionRightsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'decisions/rights',
  component: lazyRouteComponent(() => import('../decisions/decision-rights-page'), 'DecisionRightsPage'),
});

const decisionRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'decisions/$number',
  component: lazyRouteComponent(() => import('../decisions/decision-page'), 'DecisionPage'),
});

// --- Major incidents and the improvement backlog (web/src/incidents, web/src/backlog) ---

const incidentsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'incidents',
  validateSearch: validateIncidentsSearch,
  component: lazyRouteComponent(() => import('../incidents/incidents-page'), 'IncidentsPage'),
});

const incidentRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'incidents/$key',
  component: lazyRouteComponent(() => import('../incidents/incident-page'), 'IncidentPage'),
});

const backlogRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'backlog',
  component: lazyRouteComponent(() => import('../backlog/backlog-page'), 'BacklogPage'),
});

// --- Governance: changes and the change calendar (web/src/changes) ---

const changesRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'changes',
  component: lazyRouteComponent(() => import('../changes/changes-page'), 'ChangesPage'),
});

const changeRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'changes/$key',
  component: lazyRouteComponent(() => import('../changes/change-page'), 'ChangePage'),
});

const changeCalendarRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'change-calendar',
  component: lazyRouteComponent(() => import('../changes/calendar-page'), 'CalendarPage'),
});

const changeRoutes = [changesRoute, changeRoute, changeCalendarRoute];

// --- Privileged access: register, grants, reviews (web/src/access; loaded on first visit) ---

const accessRegisterRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'access',
  component: lazyRouteComponent(() => import('../access/register-page'), 'RegisterPage'),
});

const accessGrantsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'access/grants',
  component: lazyRouteComponent(() => import('../access/grants-page'), 'GrantsPage'),
});

const accessReviewsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'access/reviews',
  component: lazyRouteComponent(() => import('../access/reviews-page'), 'ReviewsPage'),
});

const accessReviewRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'access/reviews/$key',
  component: lazyRouteComponent(() => import('../access/review-page'), 'ReviewPage'),
});

const accessRoutes = [accessRegisterRoute, accessGrantsRoute, accessReviewsRoute, accessReviewRoute] as const;

// --- Monitoring integrations (web/src/integrations; leads configure them) ---

const integrationsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'integrations',
  component: lazyRouteComponent(() => import('../integrations/integrations-page'), 'IntegrationsPage'),
});

const integrationRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'integrations/$id',
  component: lazyRouteComponent(() => import('../integrations/integration-page'), 'IntegrationPage'),
});

const mailRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'mail',
  component: lazyRouteComponent(() => import('../mail/mail-page'), 'MailPage'),
});

const signInDomainsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'sign-in-domains',
  component: lazyRouteComponent(() => import('../sso/domains-page'), 'DomainsPage'),
});

const singleSignOnRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'single-sign-on',
  component: lazyRouteComponent(() => import('../sso/sso-page'), 'SsoPage'),
});

const importRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'import',
  component: lazyRouteComponent(() => import('../imports/import-page'), 'ImportPage'),
});

const integrationRoutes = [
  integrationsRoute,
  integrationRoute,
  mailRoute,
  signInDomainsRoute,
  singleSignOnRoute,
  importRoute,
] as const;

// --- SLAs, calendars, escalation, cover and on-call (web/src/sla) ---

const slaRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'sla',
  component: lazyRouteComponent(() => import('../sla/sla-page'), 'SlaPage'),
});

// --- Service desk: the requester's portal and the staff desk (web/src/portal, web/src/tickets) ---

const portalRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'portal',
  validateSearch: validatePortalSearch,
  component: lazyRouteComponent(() => import('../portal/portal-page'), 'PortalPage'),
});

const portalRequestRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'portal/request/$itemId',
  component: lazyRouteComponent(() => import('../portal/request-page'), 'RequestPage'),
});

const myRequestsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'portal/requests',
  validateSearch: validateMyRequestsSearch,
  component: lazyRouteComponent(() => import('../portal/my-requests-page'), 'MyRequestsPage'),
});

const myRequestRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'portal/requests/$key',
  component: lazyRouteComponent(() => import('../portal/request-view-page'), 'MyRequestPage'),
});

const ticketsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'tickets',
  validateSearch: validateTicketsSearch,
  // On arrival only: loader dependencies on the search would remount the page on every tab or filter
  // change (throwing away its table), and in the page its own query starts the next list at once.
  shouldReload: false,
  loader: ({ context, params, location }) =>
    startPrefetch((p) => p.prefetchQueue(context, params.ws, validateTicketsSearch(location.search))),
  component: lazyRouteComponent(() => import('../tickets/tickets-page'), 'TicketsPage'),
});

const newTicketRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'tickets/new',
  loader: ({ context, params }) => startPrefetch((p) => p.prefetchNewTicketPage(context, params.ws)),
  component: lazyRouteComponent(() => import('../ticket-desk/new-ticket-page'), 'NewTicketPage'),
});

const ticketRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'tickets/$key',
  loader: ({ context, params }) => startPrefetch((p) => p.prefetchTicketPage(context, params.ws, params.key)),
  component: lazyRouteComponent(() => import('../ticket-desk/ticket-page'), 'TicketPage'),
});

// Staff who serve several workspaces: their lanes' open tickets in all of them, outside any one workspace.
const crossQueueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'queue',
  component: lazyRouteComponent(() => import('../tickets/cross-queue-page'), 'CrossQueuePage'),
});

// Notifications (web/src/notifications): everyone's inbox; webhooks and delivery logs for the internal lead.
const notificationsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'notifications',
  component: lazyRouteComponent(() => import('../notifications/notifications-page'), 'NotificationsPage'),
});

const webhooksRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'webhooks',
  component: lazyRouteComponent(() => import('../notifications/webhooks-page'), 'WebhooksPage'),
});

// --- Problems, systems, knowledge health and handovers (web/src/problems, systems, handovers) ---

const problemsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'problems',
  component: lazyRouteComponent(() => import('../problems/problems-page'), 'ProblemsPage'),
});
const problemRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'problems/$key',
  component: lazyRouteComponent(() => import('../problems/problem-page'), 'ProblemPage'),
});
const systemsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'systems',
  component: lazyRouteComponent(() => import('../systems/systems-page'), 'SystemsPage'),
});
const systemRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'systems/$id',
  component: lazyRouteComponent(() => import('../systems/system-page'), 'SystemPage'),
});
const knowledgeHealthRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'knowledge-health',
  component: lazyRouteComponent(() => import('../systems/knowledge-health-page'), 'KnowledgeHealthPage'),
});
const handoversRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'handovers',
  component: lazyRouteComponent(() => import('../handovers/handovers-page'), 'HandoversPage'),
});
const handoverRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'handovers/$id',
  component: lazyRouteComponent(() => import('../handovers/handover-page'), 'HandoverPage'),
});
const continuityRoutes = [
  problemsRoute,
  problemRoute,
  systemsRoute,
  systemRoute,
  knowledgeHealthRoute,
  handoversRoute,
  handoverRoute,
] as const;

// Macros: staff manage their party's and the workspace's (web/src/macros).
const macrosRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'macros',
  component: lazyRouteComponent(() => import('../macros/macros-page'), 'MacrosPage'),
});

// Ticket templates: staff manage their party's and the workspace's (web/src/templates).
const templatesRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'ticket-templates',
  component: lazyRouteComponent(() => import('../templates/templates-page'), 'TemplatesPage'),
});

// Canned responses: staff manage their party's and the workspace's (web/src/replies).
const repliesRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'canned-responses',
  component: lazyRouteComponent(() => import('../replies/replies-page'), 'RepliesPage'),
});

const serviceDeskRoutes = [
  macrosRoute,
  repliesRoute,
  templatesRoute,
  portalRoute,
  portalRequestRoute,
  myRequestsRoute,
  myRequestRoute,
  ticketsRoute,
  newTicketRoute,
  ticketRoute,
] as const;

// --- end of service desk ---

// Knowledge base (web/src/knowledge): readers of every kind; the server decides what each may read.
const knowledgeRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'knowledge',
  validateSearch: validateKnowledgeSearch,
  component: lazyRouteComponent(() => import('../knowledge/knowledge-page'), 'KnowledgePage'),
});

const articleRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'knowledge/$key',
  validateSearch: (search: Record<string, unknown>): { edit?: true } =>
    search.edit === true || search.edit === 'true' ? { edit: true } : {},
  component: lazyRouteComponent(() => import('../knowledge/article-page'), 'ArticlePage'),
});

// --- Governance: risks and recurring obligations (web/src/risks, web/src/obligations) ---

const risksRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'risks',
  component: lazyRouteComponent(() => import('../risks/risks-page'), 'RisksPage'),
});
const riskRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'risks/$key',
  component: lazyRouteComponent(() => import('../risks/risk-page'), 'RiskPage'),
});
const obligationsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'obligations',
  component: lazyRouteComponent(() => import('../obligations/obligations-page'), 'ObligationsPage'),
});
const evidenceRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'obligations/evidence',
  component: lazyRouteComponent(() => import('../obligations/evidence-page'), 'EvidencePage'),
});
const occurrenceRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'obligations/occurrences/$id',
  component: lazyRouteComponent(() => import('../obligations/occurrence-page'), 'OccurrencePage'),
});
const obligationRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'obligations/$key',
  component: lazyRouteComponent(() => import('../obligations/obligation-page'), 'ObligationPage'),
});
const riskAndObligationRoutes = [
  risksRoute,
  riskRoute,
  obligationsRoute,
  evidenceRoute,
  occurrenceRoute,
  obligationRoute,
] as const;

// --- end of risks and obligations ---

// Leaders' view: the readiness checklist (web/src/readiness), loaded when first opened.
const readinessRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'readiness',
  component: lazyRouteComponent(() => import('../readiness/readiness-page'), 'ReadinessPage'),
});

// Governance: the exit plan (web/src/exit), loaded when first opened.
const exitRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'exit',
  component: lazyRouteComponent(() => import('../exit/exit-page'), 'ExitPlanPage'),
});
// --- Governance: the engagement and offboarding (web/src/engagements, web/src/offboarding), loaded on demand ---

const engagementRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'engagement',
  component: lazyRouteComponent(() => import('../engagements/engagement-page'), 'EngagementPage'),
});
const offboardingsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'offboardings',
  component: lazyRouteComponent(() => import('../offboarding/offboardings-page'), 'OffboardingsPage'),
});
const engagementRoutes = [engagementRoute, offboardingsRoute] as const;
// --- Leaders' view: service reviews (web/src/reviews), loaded on demand with their charts ---

const reviewsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'reviews',
  component: lazyRouteComponent(() => import('../reviews/reviews-page'), 'ReviewsPage'),
});
const reviewRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'reviews/$key',
  component: lazyRouteComponent(() => import('../reviews/review-page'), 'ReviewPage'),
});
const reviewRoutes = [reviewsRoute, reviewRoute] as const;

const routeTree = rootRoute.addChildren([
  loginRoute,
  inviteRoute,
  mfaRoute,
  mfaEnrolRoute,
  appRoute.addChildren([
    indexRoute,
    accountRoute,
    crossQueueRoute,
    workspaceRoute.addChildren([
      workspaceHomeRoute,
      notificationsRoute,
      webhooksRoute,
      membersRoute,
      partiesRoute,
      auditRoute,
      responsibilityRoute,
      proposalsRoute,
      proposalRoute,
      versionsRoute,
      decisionsRoute,
      decisionRightsRoute,
      decisionRoute,
      incidentsRoute,
      incidentRoute,
      backlogRoute,
      ...changeRoutes,
      ...accessRoutes,
      ...integrationRoutes,
      slaRoute,
      ...serviceDeskRoutes,
      ...continuityRoutes,
      knowledgeRoute,
      articleRoute,
      ...riskAndObligationRoutes,
      exitRoute,
      ...engagementRoutes,
      readinessRoute,
      ...reviewRoutes,
    ]),
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
