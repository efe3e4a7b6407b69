import { Badge, Button, Group, Paper, Select, Text } from '@mantine/core';
import { IconDownload, IconHistory } from '@tabler/icons-react';
import { memo } from 'react';
import { formatDate } from '../ui/format';
import { exportUrl, type MapVersion, type ResponsibilityMap } from './api';

interface VersionBarProps {
  slug: string;
  version: ResponsibilityMap['version'];
  versions: MapVersion[] | undefined;
  /** The version in the address; undefined for the current one. */
  requested: number | undefined;
  onPick: (version: number | undefined) => void;
  /** While editing, the current version stays on screen. */
  editing?: boolean;
}

const FORMATS = [
  { format: 'csv', label: 'CSV' },
  { format: 'md', label: 'Markdown' },
  { format: 'html', label: 'HTML' },
] as const;

/** "Version 2, approved 3 Mar 2026 by Alice Hart — current", a picker for older versions, and exports. */
export const VersionBar = memo(function VersionBar({
  slug,
  version,
  versions,
  requested,
  onPick,
  editing,
}: VersionBarProps) {
  const latest = versions?.[0]?.number;
  const approvedBy = versions?.find((v) => v.number === version.number)?.approvedBy;
  const options = (versions ?? []).map((v) => ({
    value: String(v.number),
    label: `Version ${v.number}${v.number === latest ? ' (current)' : ''}: ${v.summary}`,
  }));

  return (
    <Paper withBorder radius="md" p="sm">
      <Group justify="space-between" align="flex-end" gap="sm">
        <div>
          <Group gap="xs" wrap="wrap">
            <IconHistory size={18} aria-hidden />
            <Text fw={600} size="sm">
              Version {version.number}, {approvedBy ? 'approved' : 'created'} {formatDate(version.createdAt)}
              {approvedBy ? ` by ${approvedBy}` : ''}
            </Text>
            {version.isCurrent ? (
              <Badge color="teal" variant="light">
                Current
              </Badge>
            ) : (
              <Badge color="gray" variant="outline">
                Older version, read-only
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed" mt={2}>
            {version.summary}
          </Text>
        </div>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <Select
            label="Version shown"
            data={options}
            value={String(requested ?? latest ?? version.number)}
            onChange={(value) => {
              const number = Number(value);
              onPick(!value || number === latest ? undefined : number);
            }}
            allowDeselect={false}
            disabled={options.length === 0 || editing}
            description={editing ? 'Stop editing to read older versions' : undefined}
            w={{ base: '100%', xs: 280 }}
            comboboxProps={{ width: 360, position: 'bottom-end' }}
          />
          <Group gap={6} role="group" aria-label={`Export version ${version.number}`}>
            {FORMATS.map(({ format, label }) => (
              <Button
                key={format}
                component="a"
                href={exportUrl(slug, format, version.isCurrent ? undefined : version.number)}
                download
                variant="default"
                size="sm"
                leftSection={<IconDownload size={14} aria-hidden />}
                aria-label={`Export as ${label}`}
              >
                {label}
              </Button>
            ))}
          </Group>
        </Group>
      </Group>
    </Paper>
  );
});
