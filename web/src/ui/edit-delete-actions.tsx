import { Button, Group, VisuallyHidden } from '@mantine/core';

/** A library row's Edit and Delete buttons, each shown only when the server's abilities allow it. */
export function EditDeleteActions({
  name,
  abilities,
  onEdit,
  onDelete,
}: {
  /** Read after the button's word by screen readers ("Edit Reset password"). */
  name: string;
  abilities: { update: boolean; delete: boolean };
  onEdit: () => void;
  onDelete: () => void;
}) {
  return (
    <Group gap="xs" justify="flex-end" wrap="nowrap">
      {abilities.update && (
        <Button size="xs" variant="default" onClick={onEdit}>
          Edit<VisuallyHidden> {name}</VisuallyHidden>
        </Button>
      )}
      {abilities.delete && (
        <Button size="xs" variant="subtle" color="red" onClick={onDelete}>
          Delete<VisuallyHidden> {name}</VisuallyHidden>
        </Button>
      )}
    </Group>
  );
}
