import { Anchor, type AnchorProps } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/**
 * A link to a path inside the app that the server computed (evidence, home items): a real <a href>
 * that navigates in place on a plain click and opens a tab on a modified one.
 */
export function AppPathLink({ to, children, ...props }: AnchorProps & { to: string; children: ReactNode }) {
  const router = useRouter();
  return (
    <Anchor
      href={to}
      onClick={(event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        event.preventDefault();
        router.history.push(to);
      }}
      {...props}
    >
      {children}
    </Anchor>
  );
}
