import { IconLock } from '@tabler/icons-react';
import { useParams } from '@tanstack/react-router';
import type { ComponentType, ReactNode } from 'react';
import { EmptyState } from '../ui/empty-state';
import { Page } from '../ui/page-layout';
import { useWorkspace } from './api';
import { isStaff } from './membership';

interface StaffOnlyTexts {
  /** The page's own title, kept so the heading and the tab read the same for everyone. */
  title: string;
  notice: string;
  description: string;
}

/**
 * A page of the IT staff's work. A requester who opens it (a shared link, a typed address) sees what
 * it is and where to turn instead; the server refuses them the data either way.
 */
export function StaffOnlyPage({
  slug,
  title,
  notice,
  description,
  children,
}: StaffOnlyTexts & { slug: string; children: ReactNode }) {
  const membership = useWorkspace(slug).data?.membership;
  if (membership && !isStaff(membership))
    return (
      <Page title={title}>
        <EmptyState icon={<IconLock aria-hidden />} title={notice} description={description} />
      </Page>
    );
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
