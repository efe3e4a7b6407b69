import { IconLock } from '@tabler/icons-react';
import { EmptyState } from '../ui/empty-state';
import { Page } from '../ui/page-layout';

/** Shown instead of the map to someone who may not see it (a requester). */
export function ResponsibilityStaffOnly() {
  return (
    <Page title="Responsibility map">
      <EmptyState
        icon={<IconLock aria-hidden />}
        title="The responsibility map is visible to IT staff"
        description="It says which party runs each IT service. If you work for the internal IT team or a provider, ask your lead to give you a staff role."
      />
    </Page>
  );
}
