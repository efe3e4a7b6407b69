import { Paper, type PaperProps, Title, type TitleProps } from '@mantine/core';
import type { TablerIcon } from '@tabler/icons-react';
import { type ReactNode, useId } from 'react';

interface TitledSectionProps extends Omit<PaperProps, 'children'> {
  title: ReactNode;
  /** Drawn before the title (a ticket's files, links, watchers). */
  icon?: TablerIcon;
  /** h5 for the cards of a page's narrow side column. */
  headingSize?: 'h4' | 'h5';
  /** The space under the heading. */
  headingGap?: TitleProps['mb'];
  children: ReactNode;
}

/** A bordered block of a page (a record's updates, its links, its files), named by its heading. */
export function TitledSection({
  title,
  icon: HeadingIcon,
  headingSize = 'h4',
  headingGap = 'xs',
  children,
  ...paper
}: TitledSectionProps) {
  // The heading names the section for screen readers; useId keeps two on one page apart.
  const id = useId();
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={id} {...paper}>
      <Title order={2} size={headingSize} id={id} mb={headingGap}>
        {HeadingIcon && (
          <HeadingIcon size={18} aria-hidden style={{ verticalAlign: '-3px', marginRight: 6 }} />
        )}
        {title}
      </Title>
      {children}
    </Paper>
  );
}
