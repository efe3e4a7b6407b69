import { IconLock } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { EmptyState } from './empty-state';
import { Page } from './page-layout';

export interface LockedPageProps {
  /** The page's own title, kept so the heading and the tab read the same for everyone. */
  title: string;
  /** Whose page it is ("The audit log is for the internal IT lead"). */
  notice: string;
  /** What the page is for and whom to ask. */
  description: ReactNode;
  action?: ReactNode;
}

/** A page the reader may not use, shown with what it is and where to turn instead of its content. */
export function LockedPage({ title, notice, description, action }: LockedPageProps) {
  return (
    <Page title={title}>
      <EmptyState icon={<IconLock aria-hidden />} title={notice} description={description} action={action} />
    </Page>
  );
}
