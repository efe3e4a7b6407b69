import { Button } from '@mantine/core';

/** The way out of a filtered list that shows nothing, offered in its empty state. */
export function ClearFiltersButton({ onClick }: { onClick: () => void }) {
  return (
    <Button variant="light" onClick={onClick}>
      Clear filters
    </Button>
  );
}
