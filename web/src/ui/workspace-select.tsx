import { Select } from '@mantine/core';
import type { MembershipSummary } from './api-types';

/** Which workspace an account section shows, for someone in more than one (nothing to pick otherwise). */
export function WorkspaceSelect({
  memberships,
  value,
  onChange,
}: {
  memberships: MembershipSummary[];
  value: string | null;
  onChange: (slug: string | null) => void;
}) {
  if (memberships.length <= 1) return null;
  return (
    <Select
      label="Workspace"
      data={memberships.map((m) => ({ value: m.workspace.slug, label: m.workspace.name }))}
      value={value}
      onChange={onChange}
      allowDeselect={false}
      maw={320}
      mb="md"
    />
  );
}
