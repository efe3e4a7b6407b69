import { LockedPage } from '../ui/locked-page';

/** Shown instead of the map to someone who may not see it (a requester). */
export function ResponsibilityStaffOnly() {
  return (
    <LockedPage
      title="Responsibility map"
      notice="The responsibility map is visible to IT staff"
      description="It says which party runs each IT service. If you work for the internal IT team or a provider, ask your lead to give you a staff role."
    />
  );
}
