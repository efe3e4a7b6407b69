import { IconBulb } from '@tabler/icons-react';
import { NavLinkLink } from '../ui/nav-link-link';
import { isStaff, type NavSectionProps } from '../workspaces/membership';

/** One entry for problems, systems, knowledge health and handovers (they share a tab bar). */
export function ContinuityNav({ slug, pathname, membership }: NavSectionProps) {
  if (!isStaff(membership)) return null;
  const base = `/w/${slug}`;
  const active = ['problems', 'systems', 'knowledge-health', 'handovers'].some((p) =>
    pathname.startsWith(`${base}/${p}`),
  );
  return (
    <NavLinkLink
      to="/w/$ws/problems"
      params={{ ws: slug }}
      label="Problems & continuity"
      leftSection={<IconBulb size={18} aria-hidden />}
      active={active}
    />
  );
}
