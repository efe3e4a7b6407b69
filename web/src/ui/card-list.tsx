import { Stack } from '@mantine/core';
import type { ReactNode } from 'react';

/** A list of bordered cards (tickets, requests, search results): a real <ol>/<ul> without bullets, named for screen readers. */
export function CardList({
  label,
  ordered = true,
  children,
}: {
  label: string;
  /** Ranked or sorted lists are <ol>; plain collections <ul>. */
  ordered?: boolean;
  children: ReactNode;
}) {
  return (
    <Stack
      gap="xs"
      component={ordered ? 'ol' : 'ul'}
      p={0}
      m={0}
      style={{ listStyle: 'none' }}
      aria-label={label}
    >
      {children}
    </Stack>
  );
}
