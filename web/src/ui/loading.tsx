import { Center, Loader, Skeleton, Stack } from '@mantine/core';

/** Placeholder rows while a list loads. */
export function ListSkeleton({ rows = 4, label = 'Loading' }: { rows?: number; label?: string }) {
  return (
    <Stack gap="xs" aria-busy="true" aria-label={label}>
      {Array.from({ length: rows }, (_, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders never reorder
        <Skeleton key={index} height={44} radius="sm" />
      ))}
    </Stack>
  );
}

export function FullPageLoader({ label = 'Loading Tandem' }: { label?: string }) {
  return (
    <Center h="100dvh" aria-busy="true">
      <Loader aria-label={label} />
    </Center>
  );
}
