import { IconLock } from '@tabler/icons-react';
import { NoticePage, type NoticePageProps } from './notice-page';

export type LockedPageProps = Omit<NoticePageProps, 'icon'>;

/** A page the reader may not use, shown with what it is and where to turn instead of its content. */
export function LockedPage(props: LockedPageProps) {
  return <NoticePage icon={<IconLock aria-hidden />} {...props} />;
}
