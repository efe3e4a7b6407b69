import type { WorkspaceDetail } from '../ui/api-types';

type Membership = WorkspaceDetail['membership'] | undefined;

/** Staff of a party work the desk; requesters (no party) use the portal. */
export const isStaff = (membership: Membership) =>
  Boolean(membership?.partyId) && membership?.role !== 'requester';
/** Only internal staff may see every ticket (the "Everything" queue). */
export const isInternalStaff = (membership: Membership) =>
  isStaff(membership) && membership?.partyKind === 'internal';
