import type { TokenAction } from '../accounts/policy.ts';
import type { AuditAction } from '../audit/policy.ts';
import type { CatalogueAction } from '../catalogue/policy.ts';
import type { DecisionAction } from '../decisions/policy.ts';
import type { MemberAction } from '../members/policy.ts';
import type { ResponsibilityAction } from '../responsibility/policy.ts';
import type { TicketAction } from '../tickets/policy.ts';
import type { WorkspaceAction } from '../workspaces/policy.ts';

/**
 * The policy action a workspace route needs (`config.action`): `<policy>.<action>`, where the
 * action is one of that area's policy's typed actions, so a route cannot name a right that no
 * policy checks. Type-only imports: this file adds no runtime dependency between areas.
 */
export type RouteAction =
  | `workspace.${WorkspaceAction}`
  | `member.${MemberAction}`
  | `audit.${AuditAction}`
  | `token.${TokenAction}`
  | `responsibility.${ResponsibilityAction}`
  | `decision.${DecisionAction}`
  | `catalogue.${CatalogueAction}`
  | `ticket.${TicketAction}`
  | UnconvertedRouteAction;

/**
 * Areas not yet moved to the contract pattern (issue #11, second half) still name free strings.
 * This must shrink to `never`: each area replaces its prefix here with `<policy>.${Its Action}`.
 */
type UnconvertedRouteAction =
  `${'article' | 'backlog' | 'handover' | 'incident' | 'notification' | 'problem' | 'sla' | 'system'}.${string}`;
