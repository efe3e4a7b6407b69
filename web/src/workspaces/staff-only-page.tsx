import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { EmptyState } from '../ui/empty-state';
import { Page } from '../ui/page-layout';
import { useWorkspace } from './api';
import { isStaff } from './membership';

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
}: {
  slug: string;
  /** The page's own title, kept so the heading and the tab read the same for everyone. */
  title: string;
  notice: string;
  description: string;
  children: ReactNode;
}) {
  const membership = useWorkspace(slug).data?.membership;
  if (membership && !isStaff(membership))
    return (
      <Page title={title}>
        <EmptyState icon={<IconLock aria-hidden />} title={notice} description={description} />
      </Page>
    );
  return children;
}
