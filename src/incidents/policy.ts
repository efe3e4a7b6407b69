import type { Incident } from '../db/schema/incidents.ts';
import { isStaff, type WorkspaceActor } from '../domain/actor.ts';
import { canCommandIncident, canRunIncident, canWriteReview } from '../domain/incidents.ts';
import { Conflict, Forbidden } from '../server/errors.ts';

export type IncidentAction =
  | 'view'
  | 'readBanner'
  | 'declare'
  | 'subscribe'
  | 'postUpdate'
  | 'linkTickets'
  | 'changeRoles'
  | 'resolve'
  | 'subscribeOthers'
  | 'writeReview'
  | 'completeReview';

type Roles = Pick<Incident, 'commanderMembershipId' | 'communicationsLeadMembershipId' | 'status'>;

/** The role part of a right, whatever state the incident is in. */
function hasRole(actor: WorkspaceActor, action: IncidentAction, incident: Roles, holdsRight: boolean) {
  switch (action) {
    case 'view':
      return isStaff(actor);
    // Any member, requesters included: the portal's banner, and following an incident oneself.
    case 'readBanner':
    case 'subscribe':
      return true;
    // The holder of the declare-major-incident decision right (the decision log names them).
    case 'declare':
      return holdsRight;
    case 'postUpdate':
    case 'linkTickets':
    case 'subscribeOthers':
      return canRunIncident(actor, incident, holdsRight);
    case 'changeRoles':
    case 'resolve':
    case 'completeReview':
      return canCommandIncident(actor, incident, holdsRight);
    case 'writeReview':
      return canWriteReview(actor);
  }
}

/** Which state the incident must be in for the action (reviews follow resolution). */
const neededState = (action: IncidentAction) => {
  if (action === 'writeReview' || action === 'completeReview') return 'resolved';
  return ['view', 'readBanner', 'declare', 'subscribe'].includes(action) ? null : 'open';
};

export function canIncident(
  actor: WorkspaceActor,
  action: IncidentAction,
  incident: Roles,
  holdsRight: boolean,
) {
  const state = neededState(action);
  return hasRole(actor, action, incident, holdsRight) && (state === null || incident.status === state);
}

const MESSAGES: Record<IncidentAction, string> = {
  view: 'Only staff of a party can read major incidents.',
  readBanner: 'Every member sees the open major incidents.',
  declare: 'Declaring a major incident needs the declare-major-incident decision right.',
  subscribe: 'Every member may follow a major incident.',
  postUpdate:
    'Only the incident commander, the communications lead or the holder of the declare right may post updates.',
  linkTickets:
    'Only the incident commander, the communications lead or the holder of the declare right may link tickets.',
  subscribeOthers:
    'Only the incident commander, the communications lead or the holder of the declare right may subscribe other people.',
  changeRoles: 'Only the incident commander or the holder of the declare right may change roles.',
  resolve: 'Only the incident commander or the holder of the declare right may resolve the incident.',
  writeReview: 'Only staff of a party (not viewers) may write the post-incident review.',
  completeReview: 'Only the incident commander or the holder of the declare right may complete the review.',
};

export function assertCanIncident(
  actor: WorkspaceActor,
  action: IncidentAction,
  incident: Roles,
  holdsRight: boolean,
) {
  if (!hasRole(actor, action, incident, holdsRight))
    throw new Forbidden(MESSAGES[action], 'INCIDENT_ROLE_REQUIRED');
  const state = neededState(action);
  if (state === 'open' && incident.status !== 'open')
    throw new Conflict('The incident is resolved; it can no longer be changed.', 'INCIDENT_RESOLVED');
  if (state === 'resolved' && incident.status !== 'resolved')
    throw new Conflict('The review is written once the incident is resolved.', 'INCIDENT_OPEN');
}

export function incidentAbilities(actor: WorkspaceActor, incident: Roles, holdsRight: boolean) {
  const can = (a: IncidentAction) => canIncident(actor, a, incident, holdsRight);
  return {
    postUpdate: can('postUpdate'),
    linkTickets: can('linkTickets'),
    changeRoles: can('changeRoles'),
    resolve: can('resolve'),
    subscribeOthers: can('subscribeOthers'),
    writeReview: can('writeReview'),
    completeReview: can('completeReview'),
  };
}
