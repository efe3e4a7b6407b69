import {
  IconBolt,
  IconHeadset,
  IconLifebuoy,
  IconListDetails,
  IconMessageReply,
  IconTemplate,
} from '@tabler/icons-react';
import { NavLinkLink } from '../ui/nav-link-link';
import { isStaff, type NavSectionProps } from '../workspaces/membership';

/** The service desk's links in the main navigation: the desk for staff, the portal for everyone. */
export function ServiceDeskNav({ slug, pathname, membership }: NavSectionProps) {
  const base = `/w/${slug}`;
  const inMyRequests = pathname.startsWith(`${base}/portal/requests`);
  return (
    <>
      {isStaff(membership) && (
        <NavLinkLink
          to="/w/$ws/tickets"
          params={{ ws: slug }}
          search={{}}
          label="Service desk"
          leftSection={<IconHeadset size={18} aria-hidden />}
          active={pathname.startsWith(`${base}/tickets`)}
        />
      )}
      {isStaff(membership) && (
        <NavLinkLink
          to="/w/$ws/macros"
          params={{ ws: slug }}
          label="Macros"
          leftSection={<IconBolt size={18} aria-hidden />}
          active={pathname.startsWith(`${base}/macros`)}
        />
      )}
      {isStaff(membership) && (
        <NavLinkLink
          to="/w/$ws/canned-responses"
          params={{ ws: slug }}
          label="Canned responses"
          leftSection={<IconMessageReply size={18} aria-hidden />}
          active={pathname.startsWith(`${base}/canned-responses`)}
        />
      )}
      {isStaff(membership) && (
        <NavLinkLink
          to="/w/$ws/ticket-templates"
          params={{ ws: slug }}
          label="Ticket templates"
          leftSection={<IconTemplate size={18} aria-hidden />}
          active={pathname.startsWith(`${base}/ticket-templates`)}
        />
      )}
      <NavLinkLink
        to="/w/$ws/portal"
        params={{ ws: slug }}
        search={{}}
        label="Request help"
        // My requests live under /portal too: only the catalogue itself counts as this link's page.
        activeOptions={{ exact: true }}
        leftSection={<IconLifebuoy size={18} aria-hidden />}
        active={pathname.startsWith(`${base}/portal`) && !inMyRequests}
      />
      <NavLinkLink
        to="/w/$ws/portal/requests"
        params={{ ws: slug }}
        search={{}}
        label="My requests"
        leftSection={<IconListDetails size={18} aria-hidden />}
        active={inMyRequests}
      />
    </>
  );
}
