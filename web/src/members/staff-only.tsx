import { LockedPage } from '../ui/locked-page';

/** Shown instead of the member and party lists to someone who may not see them (a requester). */
export function StaffOnly() {
  return (
    <LockedPage
      title="Members & parties"
      notice="Members and parties are visible to IT staff"
      description="Requesters see their own account only. If you work for the internal IT team or a provider, ask your lead to give you a staff role."
    />
  );
}
