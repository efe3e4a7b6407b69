import { Button, Center, Container, Group, Stack } from '@mantine/core';
import { IconMapOff } from '@tabler/icons-react';
import { type ErrorComponentProps, useRouter } from '@tanstack/react-router';
import { EmptyState } from '../ui/empty-state';
import { ErrorState } from '../ui/error-display';
import { useDocumentTitle } from '../ui/page-layout';
import { ButtonLink } from '../ui/router-links';

export function NotFoundPage() {
  useDocumentTitle('Page not found');
  return (
    <Container size="sm" py="xl">
      <EmptyState
        icon={<IconMapOff aria-hidden />}
        title="There is no page here"
        description="The address may be mistyped, or the page may belong to a workspace you are not a member of."
        action={<ButtonLink to="/">Go to my workspace</ButtonLink>}
      />
    </Container>
  );
}

/** A route that could not load (the server could not be reached during a guard, say). */
export function RouteErrorPage({ error }: ErrorComponentProps) {
  const router = useRouter();
  useDocumentTitle('Something went wrong');
  return (
    <Center mih="60dvh" p="md">
      <Stack maw={520} w="100%">
        <ErrorState
          error={error}
          title="This page could not be loaded"
          onRetry={() => void router.invalidate()}
        />
        <Group>
          <Button variant="subtle" onClick={() => router.history.push('/')}>
            Go to my workspace
          </Button>
        </Group>
      </Stack>
    </Center>
  );
}
