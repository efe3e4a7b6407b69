import type { ReactNode } from 'react';
import { EmptyState } from './empty-state';
import { Page } from './page-layout';

export interface NoticePageProps {
  /** The page's own title, kept so the heading and the tab read the same for everyone. */
  title: string;
  icon: ReactNode;
  /** What the reader finds here instead ("There is no such decision"). */
  notice: string;
  /** Why, and where to turn. */
  description: ReactNode;
  action?: ReactNode;
}

/** A page with nothing to show the reader (not found, not theirs, nothing yet): a notice instead. */
export function NoticePage({ title, icon, notice, description, action }: NoticePageProps) {
  return (
    <Page title={title}>
      <EmptyState icon={icon} title={notice} description={description} action={action} />
    </Page>
  );
}
