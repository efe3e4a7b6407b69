import { IconBuildingCommunity } from '@tabler/icons-react';
import { EmptyState } from '../ui/empty-state';
import { Page } from '../ui/page-layout';
import { ButtonLink } from '../ui/router-links';

/** A signed-in account that belongs to no workspace yet. */
export function NoWorkspacePage() {
  return (
    <Page title="Welcome to Tandem">
      <EmptyState
        icon={<IconBuildingCommunity aria-hidden />}
        title="You are not in a workspace yet"
        description="A workspace is joined by invitation. Ask the internal IT lead of your organisation (or your provider's lead) to invite you, then open the link they send you."
        action={
          <ButtonLink to="/account" variant="default">
            Review my account security
          </ButtonLink>
        }
      />
    </Page>
  );
}
