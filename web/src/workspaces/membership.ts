import type { WorkspaceDetail } from '../ui/api-types';

type Membership = WorkspaceDetail['membership'] | undefined;

/** Staff of a party work the desk; requesters (no party) use the portal. */
export const isStaff = (membership: Membership) =>
  Boolean(membership?.partyId) && membership?.role !== 'requester';
/** Only internal staff may see every ticket (the "Everything" queue). */
export const isInternalStaff = (membership: Membership) =>
  isStaff(membership) && membership?.partyKind === 'internal';

/** What each area's part of the main navigation is given, to show only what the person may open. */
export interface NavSectionProps {
  slug: string;
  pathname: string;
  membership: Membership;
}
