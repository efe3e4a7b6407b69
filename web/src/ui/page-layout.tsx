import { Group, Stack, Text, Title } from '@mantine/core';
import { useRouterState } from '@tanstack/react-router';
import { type ReactNode, useEffect, useRef } from 'react';

interface PageProps {
  title: string;
  description?: ReactNode;
  /** Buttons for the page's main actions, shown beside the title. */
  actions?: ReactNode;
  children: ReactNode;
  /** Full width for dense tables (the desk queue); other pages keep a readable measure. */
  wide?: boolean;
}

/**
 * The first page of a visit keeps the browser's own focus; later navigations move it to the heading.
 * `firstPath` is that first page until the person leaves it: a page that shows its heading again once
 * its data arrives (a loading state, then the page) must not take the focus there, which would also
 * force a layout of the whole page before its first paint.
 */
let firstPath: string | null | undefined;
let focusedPath: string | null = null;

export function Page({ title, description, actions, children, wide = false }: PageProps) {
  useDocumentTitle(title);
  const heading = useRef<HTMLHeadingElement>(null);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  // Screen-reader and keyboard users start on the new page's heading, not where the old page left them.
  useEffect(() => {
    if (!pathname) return;
    if (firstPath === undefined) firstPath = pathname;
    if (pathname === firstPath) return;
    firstPath = null;
    // A new page; or the same page again after its loading state, whose focused heading is gone.
    const focusLost = !document.activeElement || document.activeElement === document.body;
    if (focusedPath !== pathname || focusLost) {
      heading.current?.focus({ preventScroll: true });
      focusedPath = pathname;
    }
  }, [pathname]);
  return (
    <Stack gap="lg" maw={wide ? undefined : 1100} mx="auto" w="100%">
      <Group justify="space-between" align="flex-start" gap="sm">
        <div>
          <Title order={1} size="h2" ref={heading} tabIndex={-1} style={{ outline: 'none' }}>
            {title}
          </Title>
          {description && (
            <Text c="dimmed" size="sm" mt={4}>
              {description}
            </Text>
          )}
        </div>
        {actions && <Group gap="xs">{actions}</Group>}
      </Group>
      {children}
    </Stack>
  );
}

export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · Tandem`;
  }, [title]);
}
