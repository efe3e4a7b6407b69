import { keepPreviousData } from '@tanstack/react-query';

/** The paging options of a list the server reads out by cursor (`nextCursor` is null on the last page). */
export const cursorPages = {
  initialPageParam: undefined as string | undefined,
  getNextPageParam: (last: { nextCursor: string | null }) => last.nextCursor ?? undefined,
};

/** The same for a filtered list: the last list stays shown while a changed filter loads, instead of flashing placeholders. */
export const filteredCursorPages = { ...cursorPages, placeholderData: keepPreviousData };
