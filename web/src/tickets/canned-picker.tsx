import { Paper, Text, UnstyledButton } from '@mantine/core';
import type { CannedResponse } from '../replies/api';

/** The responses whose title holds the words typed after "::", most used first (as the server sorts). */
export const matchCanned = (items: CannedResponse[], query: string) => {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((r) => words.every((w) => r.title.toLowerCase().includes(w))).slice(0, 8);
};

/** "::" followed by a search at the caret: the text the picker replaces. */
export const cannedTrigger = (beforeCaret: string) => /::([^\n:]{0,60})$/.exec(beforeCaret);

/** A listbox under the reply box; the textarea keeps focus and drives it with the arrow keys. */
export function CannedPicker({
  id,
  matches,
  active,
  onPick,
}: {
  id: string;
  matches: CannedResponse[];
  active: number;
  onPick: (r: CannedResponse) => void;
}) {
  return (
    <Paper withBorder shadow="sm" p={4} id={id} role="listbox" aria-label="Canned responses">
      {matches.length === 0 && (
        <Text size="sm" c="dimmed" p="xs">
          No canned response matches. Keep typing, or press Escape.
        </Text>
      )}
      {matches.map((r, i) => (
        <UnstyledButton
          key={r.id}
          id={`${id}-${i}`}
          role="option"
          aria-selected={i === active}
          onMouseDown={(event) => event.preventDefault()}
          onClick={() => onPick(r)}
          display="block"
          w="100%"
          p={6}
          bg={i === active ? 'var(--mantine-primary-color-light)' : undefined}
          style={{ borderRadius: 4 }}
        >
          <Text size="sm" fw={600}>
            {r.title}
          </Text>
          <Text size="xs" c="dimmed" truncate="end">
            {r.body}
          </Text>
        </UnstyledButton>
      ))}
    </Paper>
  );
}
