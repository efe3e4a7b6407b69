import { IconCalendarEvent, IconTransform } from '@tabler/icons-react';
import { NavLinkLink } from '../ui/nav-link-link';

/** The Changes entries of the navigation's Governance group (risks and obligations sit beside them). */
export function GovernanceChangesNav({ slug, pathname }: { slug: string; pathname: string }) {
  const base = `/w/${slug}`;
  return (
    <>
      <NavLinkLink
        to="/w/$ws/changes"
        params={{ ws: slug }}
        label="Changes"
        leftSection={<IconTransform size={18} aria-hidden />}
        active={pathname.startsWith(`${base}/changes`)}
      />
      <NavLinkLink
        to="/w/$ws/change-calendar"
        params={{ ws: slug }}
        label="Change calendar"
        leftSection={<IconCalendarEvent size={18} aria-hidden />}
        active={pathname.startsWith(`${base}/change-calendar`)}
      />
    </>
  );
}
