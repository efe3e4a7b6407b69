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

/** The first page of a visit keeps the browser's own focus; later navigations move it to the heading. */
let navigated = false;

export function Page({ title, description, actions, children, wide = false }: PageProps) {
  useDocumentTitle(title);
  const heading = useRef<HTMLHeadingElement>(null);
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  // Screen-reader and keyboard users start on the new page's heading, not where the old page left them.
  useEffect(() => {
    if (!pathname) return;
    if (navigated) heading.current?.focus({ preventScroll: true });
    navigated = true;
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
