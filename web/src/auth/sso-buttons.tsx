import { Alert, Button, Divider, Stack } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import type { SsoProvidersResponse } from '../../../src/sso/contract.ts';
import { api } from '../ui/api-client';

/** "Sign in with …" for each identity provider the instance is configured with (none: nothing shown). */
export function SsoButtons({ next }: { next: string | undefined }) {
  const providers = useQuery({
    queryKey: ['sso-providers'],
    queryFn: ({ signal }) =>
      api<SsoProvidersResponse>('/api/v1/auth/sso/providers', { signal, redirectOnAuthProblem: false }),
    staleTime: 5 * 60_000,
  });
  const list = providers.data?.providers ?? [];
  if (list.length === 0) return null;
  return (
    <Stack gap="xs">
      <Divider label="or" labelPosition="center" />
      {list.map((p) => (
        <Button
          key={p.id}
          component="a"
          href={next ? `${p.startUrl}?returnTo=${encodeURIComponent(next)}` : p.startUrl}
          variant="default"
          leftSection={<IconKey size={16} aria-hidden />}
          fullWidth
        >
          Sign in with {p.name}
        </Button>
      ))}
    </Stack>
  );
}

/** Why a single sign-on attempt was refused (the server sends people back here with the reason). */
export function SsoRefusal({ message }: { message: string | undefined }) {
  if (!message) return null;
  return (
    <Alert color="red" variant="light" title="Single sign-on refused" role="alert">
      {message}
    </Alert>
  );
}
