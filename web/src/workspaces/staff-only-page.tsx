import { useParams } from '@tanstack/react-router';
import type { ComponentType, ReactNode } from 'react';
import { LockedPage, type LockedPageProps } from '../ui/locked-page';
import { useWorkspace } from './api';
import { isStaff } from './membership';

type StaffOnlyTexts = Omit<LockedPageProps, 'action'>;

/**
 * A page of the IT staff's work. A requester who opens it (a shared link, a typed address) sees what
 * it is and where to turn instead; the server refuses them the data either way.
 */
export function StaffOnlyPage({
  slug,
  children,
  ...texts
}: StaffOnlyTexts & { slug: string; children: ReactNode }) {
  const membership = useWorkspace(slug).data?.membership;
  if (membership && !isStaff(membership)) return <LockedPage {...texts} />;
  return children;
}

/** The route component of a staff-only page whose body needs only the workspace's slug. */
export function staffOnlyPage(Body: ComponentType<{ slug: string }>, texts: StaffOnlyTexts) {
  return function StaffOnlyRoute() {
    const { ws: slug } = useParams({ from: '/_app/w/$ws' });
    return (
      <StaffOnlyPage slug={slug} {...texts}>
        <Body slug={slug} />
      </StaffOnlyPage>
    );
  };
}
