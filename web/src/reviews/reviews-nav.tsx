import { NavLink } from '@mantine/core';
import { IconListCheck, IconPresentationAnalytics, IconUserStar } from '@tabler/icons-react';
import { NavLinkLink } from '../ui/nav-link-link';
import { isStaff, type NavSectionProps } from '../workspaces/membership';

/** The leaders' view: the readiness checklist and the service reviews (staff of both parties read them; the leads run them). */
export function LeadsNav({ slug, pathname, membership }: NavSectionProps) {
  if (!isStaff(membership)) return null;
  return (
    <NavLink
      label="Leaders' view"
      leftSection={<IconUserStar size={18} aria-hidden />}
      defaultOpened
      childrenOffset={20}
    >
      <NavLinkLink
        to="/w/$ws/readiness"
        params={{ ws: slug }}
        label="Readiness"
        leftSection={<IconListCheck size={18} aria-hidden />}
        active={pathname.startsWith(`/w/${slug}/readiness`)}
      />
      <NavLinkLink
        to="/w/$ws/reviews"
        params={{ ws: slug }}
        label="Service reviews"
        leftSection={<IconPresentationAnalytics size={18} aria-hidden />}
        active={pathname.startsWith(`/w/${slug}/reviews`)}
      />
    </NavLink>
  );
}
