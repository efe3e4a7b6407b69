import { type BoxProps, Select, Text } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { type MembershipSummary, ROLE_LABELS } from '../ui/api-types';

interface WorkspaceSwitcherProps extends BoxProps {
  memberships: MembershipSummary[];
  current: string;
}

function describe(membership: MembershipSummary): string {
  const role = ROLE_LABELS[membership.role] ?? membership.role;
  return membership.party ? `${role}, ${membership.party.name}` : role;
}

/** Lists every workspace of the account; with only one there is nothing to switch, so just its name. */
export function WorkspaceSwitcher({ memberships, current, ...boxProps }: WorkspaceSwitcherProps) {
  const navigate = useNavigate();
  const active = memberships.find((m) => m.workspace.slug === current);

  if (memberships.length <= 1) {
    if (!active) return null;
    return (
      <Text size="sm" c="dimmed" truncate maw={220} {...boxProps}>
        {active.workspace.name}
      </Text>
    );
  }

  const data = memberships.map((m) => ({ value: m.workspace.slug, label: m.workspace.name }));
  const details = new Map(memberships.map((m) => [m.workspace.slug, describe(m)]));

  return (
    <Select
      {...boxProps}
      aria-label="Workspace"
      data={data}
      value={active ? current : null}
      placeholder="Choose a workspace"
      allowDeselect={false}
      searchable={memberships.length > 7}
      nothingFoundMessage="No workspace by that name"
      w={{ base: '100%', sm: 240 }}
      comboboxProps={{ width: 280, position: 'bottom-start' }}
      renderOption={({ option }) => (
        <div>
          <Text size="sm">{option.label}</Text>
          <Text size="xs" c="dimmed">
            {details.get(option.value)}
          </Text>
        </div>
      )}
      onChange={(slug) => {
        if (slug && slug !== current) void navigate({ to: '/w/$ws', params: { ws: slug } });
      }}
    />
  );
}
