import { IconChecklist, IconShieldHalf } from '@tabler/icons-react';
import { NavLinkLink } from '../ui/nav-link-link';
import { isStaff, type NavSectionProps } from '../workspaces/membership';

/** The risk register and the obligations (with their evidence library), in the Governance group. */
export function RiskObligationNav({ slug, pathname, membership }: NavSectionProps) {
  if (!isStaff(membership)) return null;
  const base = `/w/${slug}`;
  return (
    <>
      <NavLinkLink
        to="/w/$ws/risks"
        params={{ ws: slug }}
        label="Risks"
        leftSection={<IconShieldHalf size={18} aria-hidden />}
        active={pathname.startsWith(`${base}/risks`)}
      />
      <NavLinkLink
        to="/w/$ws/obligations"
        params={{ ws: slug }}
        label="Obligations"
        leftSection={<IconChecklist size={18} aria-hidden />}
        active={pathname.startsWith(`${base}/obligations`)}
      />
    </>
  );
}
