import { IconLock } from '@tabler/icons-react';
import { EmptyState } from '../ui/empty-state';
import { Page } from '../ui/page-layout';

/** Shown instead of the member and party lists to someone who may not see them (a requester). */
export function StaffOnly() {
  return (
    <Page title="Members & parties">
      <EmptyState
        icon={<IconLock aria-hidden />}
        title="Members and parties are visible to IT staff"
        description="Requesters see their own account only. If you work for the internal IT team or a provider, ask your lead to give you a staff role."
      />
    </Page>
  );
}
