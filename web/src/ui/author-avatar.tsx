import { Avatar, type MantineColor } from '@mantine/core';

/** Up to two initials of a name; '?' for an author who is gone. */
const initials = (name: string | null) =>
  (name ?? '?')
    .split(/\s+/)
    .map((part) => part.charAt(0))
    .join('')
    .slice(0, 2)
    .toUpperCase();

/** The small round mark beside a comment: its author's initials. Hidden from screen readers, which read the name. */
export function AuthorAvatar({ name, color }: { name: string | null; color: MantineColor }) {
  return (
    <Avatar size="sm" radius="xl" color={color} aria-hidden>
      {initials(name)}
    </Avatar>
  );
}
