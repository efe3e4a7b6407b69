import { Button, Center, Text } from '@mantine/core';
import type { ReactNode } from 'react';

/** The foot of a list read in pages: a button for the next page, or `end` once there is none. */
export function LoadMore({
  query,
  end,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  end: ReactNode;
}) {
  return (
    <Center>
      {query.hasNextPage ? (
        <Button
          variant="default"
          onClick={() => void query.fetchNextPage()}
          loading={query.isFetchingNextPage}
        >
          Load more
        </Button>
      ) : (
        <Text size="xs" c="dimmed">
          {end}
        </Text>
      )}
    </Center>
  );
}
