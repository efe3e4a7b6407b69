import { IconHeartHandshake, IconUserMinus } from '@tabler/icons-react';
import { NavLinkLink } from '../ui/nav-link-link';
import { isStaff, type NavSectionProps } from '../workspaces/membership';

/** The engagement (staff of every party) and offboarding (leads), in the Governance group. */
export function EngagementNav({ slug, pathname, membership }: NavSectionProps) {
  if (!isStaff(membership)) return null;
  const base = `/w/${slug}`;
  return (
    <>
      <NavLinkLink
        to="/w/$ws/engagement"
        params={{ ws: slug }}
        label="Engagement"
        leftSection={<IconHeartHandshake size={18} aria-hidden />}
        active={pathname.startsWith(`${base}/engagement`)}
      />
      {membership?.role === 'lead' && (
        <NavLinkLink
          to="/w/$ws/offboardings"
          params={{ ws: slug }}
          label="Offboarding"
          leftSection={<IconUserMinus size={18} aria-hidden />}
          active={pathname.startsWith(`${base}/offboardings`)}
        />
      )}
    </>
  );
}
