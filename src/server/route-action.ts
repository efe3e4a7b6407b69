import type { AccessAction } from '../access/policy.ts';
import type { TokenAction } from '../accounts/policy.ts';
import type { AlertsAction } from '../alerts/policy.ts';
import type { AuditAction } from '../audit/policy.ts';
import type { BacklogAction } from '../backlog/policy.ts';
import type { CatalogueAction } from '../catalogue/policy.ts';
import type { ChangeAction } from '../changes/policy.ts';
import type { DecisionAction } from '../decisions/policy.ts';
import type { EngagementAction } from '../engagements/policy.ts';
import type { ExitAction } from '../exit/policy.ts';
import type { HandoverAction } from '../handovers/policy.ts';
import type { ImportAction } from '../imports/policy.ts';
import type { IncidentAction } from '../incidents/policy.ts';
import type { ArticleAction } from '../knowledge/policy.ts';
import type { MacroAction } from '../macros/policy.ts';
import type { MailAction } from '../mail/policy.ts';
import type { MemberAction } from '../members/policy.ts';
import type { NotificationAction } from '../notifications/policy.ts';
import type { ObligationAction } from '../obligations/policy.ts';
import type { OffboardingAction } from '../offboarding/policy.ts';
import type { ProblemAction } from '../problems/policy.ts';
import type { ReadinessAction } from '../readiness/policy.ts';
import type { ReplyAction } from '../replies/policy.ts';
import type { ResponsibilityAction } from '../responsibility/policy.ts';
import type { ReviewAction } from '../reviews/policy.ts';
import type { RiskAction } from '../risks/policy.ts';
import type { SimulationAction } from '../simulation/policy.ts';
import type { SlaAction } from '../sla/policy.ts';
import type { SsoAction } from '../sso/policy.ts';
import type { SystemAction } from '../systems/policy.ts';
import type { TemplateAction } from '../templates/policy.ts';
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
  | `reply.${ReplyAction}`
  | `macro.${MacroAction}`
  | `template.${TemplateAction}`
  | `backlog.${BacklogAction}`
  | `handovers.${HandoverAction}`
  | `incidents.${IncidentAction}`
  | `knowledge.${ArticleAction}`
  | `notifications.${NotificationAction}`
  | `problems.${ProblemAction}`
  | `sla.${SlaAction}`
  | `systems.${SystemAction}`
  | `change.${ChangeAction}`
  | `access.${AccessAction}`
  | `exit.${ExitAction}`
  | `engagements.${EngagementAction}`
  | `offboarding.${OffboardingAction}`
  | `risk.${RiskAction}`
  | `obligation.${ObligationAction}`
  | `readiness.${ReadinessAction}`
  | `review.${ReviewAction}`
  | `simulation.${SimulationAction}`
  | `alerts.${AlertsAction}`
  | `sso.${SsoAction}`
  | `imports.${ImportAction}`
  | `mail.${MailAction}`;
