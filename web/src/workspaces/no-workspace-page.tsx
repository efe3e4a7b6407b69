import { IconBuildingCommunity } from '@tabler/icons-react';
import { NoticePage } from '../ui/notice-page';
import { ButtonLink } from '../ui/router-links';

/** A signed-in account that belongs to no workspace yet. */
export function NoWorkspacePage() {
  return (
    <NoticePage
      title="Welcome to Tandem"
      icon={<IconBuildingCommunity aria-hidden />}
      notice="You are not in a workspace yet"
      description="A workspace is joined by invitation. Ask the internal IT lead of your organisation (or your provider's lead) to invite you, then open the link they send you."
      action={
        <ButtonLink to="/account" variant="default">
          Review my account security
        </ButtonLink>
      }
    />
  );
}
