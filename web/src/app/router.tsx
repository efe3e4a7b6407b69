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
import { validateLoginSearch, validateNextSearch } from '../auth/next-path';
import { BacklogPage } from '../backlog/backlog-page';
import { DecisionPage } from '../decisions/decision-page';
import { DecisionRightsPage } from '../decisions/decision-rights-page';
import { DecisionsPage } from '../decisions/decisions-page';
import { validateDecisionsSearch } from '../decisions/decisions-search';
import { HandoverPage } from '../handovers/handover-page';
import { HandoversPage } from '../handovers/handovers-page';
import { IncidentPage } from '../incidents/incident-page';
import { IncidentsPage } from '../incidents/incidents-page';
import { validateIncidentsSearch } from '../incidents/incidents-search';
import { IntegrationPage } from '../integrations/integration-page';
import { IntegrationsPage } from '../integrations/integrations-page';
import { ArticlePage } from '../knowledge/article-page';
import { KnowledgePage } from '../knowledge/knowledge-page';
import { validateKnowledgeSearch } from '../knowledge/knowledge-search';
import { MembersPage } from '../members/members-page';
import { validateMembersSearch } from '../members/members-search';
import { PartiesPage } from '../members/parties-page';
import { NotificationsPage } from '../notifications/notifications-page';
import { WebhooksPage } from '../notifications/webhooks-page';
import { MyRequestsPage } from '../portal/my-requests-page';
import { PortalPage } from '../portal/portal-page';
import {
  redirectRequesterHome,
  validateMyRequestsSearch,
  validatePortalSearch,
} from '../portal/portal-search';
import { RequestPage } from '../portal/request-page';
import { MyRequestPage } from '../portal/request-view-page';
import { ProblemPage } from '../problems/problem-page';
import { ProblemsPage } from '../problems/problems-page';
import { MatrixPage } from '../responsibility/matrix-page';
import { ProposalPage } from '../responsibility/proposal-page';
import { ProposalsPage } from '../responsibility/proposals-page';
import {
  validateMatrixSearch,
  validateProposalsSearch,
  validateVersionsSearch,
} from '../responsibility/responsibility-search';
import { VersionsPage } from '../responsibility/versions-page';
import { SlaPage } from '../sla/sla-page';
import { KnowledgeHealthPage } from '../systems/knowledge-health-page';
import { SystemPage } from '../systems/system-page';
import { SystemsPage } from '../systems/systems-page';
import { CrossQueuePage } from '../tickets/cross-queue-page';
import { NewTicketPage } from '../tickets/new-ticket-page';
import { TicketPage } from '../tickets/ticket-page';
import { TicketsPage } from '../tickets/tickets-page';
import { validateTicketsSearch } from '../tickets/tickets-search';
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
  validateSearch: validateLoginSearch,
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
  // Service desk: a requester's home is the portal.
  beforeLoad: redirectRequesterHome,
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

const responsibilityRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'responsibility',
  validateSearch: validateMatrixSearch,
  component: MatrixPage,
});

const proposalsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'responsibility/proposals',
  validateSearch: validateProposalsSearch,
  component: ProposalsPage,
});

const proposalRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'responsibility/proposals/$number',
  component: ProposalPage,
});

const versionsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'responsibility/versions',
  validateSearch: validateVersionsSearch,
  component: VersionsPage,
});

const decisionsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'decisions',
  validateSearch: validateDecisionsSearch,
  component: DecisionsPage,
});

const decisionRightsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'decisions/rights',
  component: DecisionRightsPage,
});

const decisionRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'decisions/$number',
  component: DecisionPage,
});

// --- Major incidents and the improvement backlog (web/src/incidents, web/src/backlog) ---

const incidentsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'incidents',
  validateSearch: validateIncidentsSearch,
  component: IncidentsPage,
});

const incidentRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'incidents/$key',
  component: IncidentPage,
});

const backlogRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'backlog',
  component: BacklogPage,
});

// --- Monitoring integrations (web/src/integrations) ---

const integrationsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'integrations',
  component: IntegrationsPage,
});

const integrationRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'integrations/$id',
  component: IntegrationPage,
});

// --- SLAs, calendars, escalation, cover and on-call (web/src/sla) ---

const slaRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'sla',
  component: SlaPage,
});

// --- Service desk: the requester's portal and the staff desk (web/src/portal, web/src/tickets) ---

const portalRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'portal',
  validateSearch: validatePortalSearch,
  component: PortalPage,
});

const portalRequestRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'portal/request/$itemId',
  component: RequestPage,
});

const myRequestsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'portal/requests',
  validateSearch: validateMyRequestsSearch,
  component: MyRequestsPage,
});

const myRequestRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'portal/requests/$key',
  component: MyRequestPage,
});

const ticketsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'tickets',
  validateSearch: validateTicketsSearch,
  component: TicketsPage,
});

const newTicketRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'tickets/new',
  component: NewTicketPage,
});

const ticketRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'tickets/$key',
  component: TicketPage,
});

// Staff who serve several workspaces: their lanes' open tickets in all of them, outside any one workspace.
const crossQueueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: 'queue',
  component: CrossQueuePage,
});

// Notifications (web/src/notifications): everyone's inbox; webhooks and delivery logs for the internal lead.
const notificationsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'notifications',
  component: NotificationsPage,
});

const webhooksRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'webhooks',
  component: WebhooksPage,
});

// --- Problems, systems, knowledge health and handovers (web/src/problems, systems, handovers) ---

const problemsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'problems',
  component: ProblemsPage,
});
const problemRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'problems/$key',
  component: ProblemPage,
});
const systemsRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'systems',
  component: SystemsPage,
});
const systemRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'systems/$id',
  component: SystemPage,
});
const knowledgeHealthRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'knowledge-health',
  component: KnowledgeHealthPage,
});
const handoversRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'handovers',
  component: HandoversPage,
});
const handoverRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'handovers/$id',
  component: HandoverPage,
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

const serviceDeskRoutes = [
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
  component: KnowledgePage,
});

const articleRoute = createRoute({
  getParentRoute: () => workspaceRoute,
  path: 'knowledge/$key',
  validateSearch: (search: Record<string, unknown>): { edit?: true } =>
    search.edit === true || search.edit === 'true' ? { edit: true } : {},
  component: ArticlePage,
});

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
      integrationsRoute,
      integrationRoute,
      slaRoute,
      ...serviceDeskRoutes,
      ...continuityRoutes,
      knowledgeRoute,
      articleRoute,
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
