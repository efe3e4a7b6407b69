import { Group } from '@mantine/core';
import { LockedPage } from '../ui/locked-page';
import { ButtonLink } from '../ui/router-links';

/** Shown instead of the staff desk to a requester: their own requests live in the portal. */
export function DeskStaffOnly({ slug }: { slug: string }) {
  return (
    <LockedPage
      title="Service desk"
      notice="The service desk is for IT staff"
      description="You can ask IT for help and follow your own requests in the portal."
      action={
        <Group gap="xs" justify="center">
          <ButtonLink to="/w/$ws/portal" params={{ ws: slug }} search={{}}>
            Request help
          </ButtonLink>
          <ButtonLink to="/w/$ws/portal/requests" params={{ ws: slug }} search={{}} variant="light">
            My requests
          </ButtonLink>
        </Group>
      }
    />
  );
}
