import { IconBulb } from '@tabler/icons-react';
import type { WorkspaceDetail } from '../ui/api-types';
import { NavLinkLink } from '../ui/nav-link-link';
import { isStaff } from '../workspaces/membership';

/** One entry for problems, systems, knowledge health and handovers (they share a tab bar). */
export function ContinuityNav({
  slug,
  pathname,
  membership,
}: {
  slug: string;
  pathname: string;
  membership: WorkspaceDetail['membership'] | undefined;
}) {
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
