import { LockedPage } from '../ui/locked-page';

/** Shown instead of the decision log to someone who may not read it (a requester). */
export function DecisionsStaffOnly() {
  return (
    <LockedPage
      title="Decisions"
      notice="The decision log is visible to IT staff"
      description="It records who decided what, and why. If you work for the internal IT team or a provider, ask your lead to give you a staff role."
    />
  );
}
