import { Select, type SelectProps } from '@mantine/core';
import { TIER_LABELS } from './api';

// The register's fields that the add, edit and grant-request forms share: one wording and one list each.
type FieldProps = Omit<SelectProps, 'label' | 'data'>;

const TIER_OPTIONS = Object.entries(TIER_LABELS).map(([value, label]) => ({ value, label }));
const MFA_OPTIONS = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'unknown', label: 'Unknown' },
];

export function SystemSelect({
  systems,
  ...props
}: FieldProps & { systems: { id: string; name: string }[] }) {
  return (
    <Select
      label="System"
      required
      searchable
      data={systems.map((s) => ({ value: s.id, label: s.name }))}
      {...props}
    />
  );
}

export function TierSelect(props: FieldProps) {
  return <Select label="Privilege tier" allowDeselect={false} data={TIER_OPTIONS} {...props} />;
}

export function MfaSelect(props: FieldProps) {
  return <Select label="MFA" allowDeselect={false} data={MFA_OPTIONS} {...props} />;
}
