import { Anchor, Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useDocumentTitle } from '../ui/page-layout';
import { TandemMark } from '../ui/tandem-mark';

interface AuthLayoutProps {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  width?: number;
}

/** The centred card used by every step before the workspace: sign-in, MFA, invitations. */
export function AuthLayout({ title, subtitle, children, width = 420 }: AuthLayoutProps) {
  useDocumentTitle(title);
  return (
    <Center mih="100dvh" p="md" bg="var(--mantine-color-default-hover)">
      <Stack w="100%" maw={width} gap="lg">
        <Group gap="xs" justify="center">
          <TandemMark size={32} />
          <Text fw={700} fz="xl">
            Tandem
          </Text>
        </Group>
        <Paper component="main" withBorder shadow="sm" radius="md" p={{ base: 'md', sm: 'xl' }}>
          <Stack gap="md">
            <div>
              <Title order={1} size="h3">
                {title}
              </Title>
              {subtitle && (
                <Text c="dimmed" size="sm" mt={4}>
                  {subtitle}
                </Text>
              )}
            </div>
            {children}
          </Stack>
        </Paper>
        <Text size="xs" c="dimmed" ta="center">
          Tandem is open source.{' '}
          <Anchor href="/api/docs" size="xs">
            API documentation
          </Anchor>
        </Text>
      </Stack>
    </Center>
  );
}
