import { Badge, Card, Group, Text, Title } from '@mantine/core';
import { IconAlertOctagon, IconCircleCheck } from '@tabler/icons-react';
import { formatDate, pluralise } from '../ui/format';
import { QueryStatus } from '../ui/query-status';
import { AnchorLink } from '../ui/router-links';
import { useResponsibilityMap } from './api';

/** For the workspace home: how many gaps and warnings the current map has, and a way to it. */
export function MapHealthCard({ slug }: { slug: string }) {
  const map = useResponsibilityMap(slug);
  const gaps = map.data?.gaps.filter((g) => g.severity === 'gap').length ?? 0;
  const warnings = map.data?.gaps.filter((g) => g.severity === 'warning').length ?? 0;
  const services = map.data?.services.filter((s) => s.status === 'active').length ?? 0;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="map-health-title">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4" id="map-health-title">
          Responsibility map
        </Title>
        <AnchorLink to="/w/$ws/responsibility" params={{ ws: slug }} search={{}} size="sm">
          Open the map
        </AnchorLink>
      </Group>
      <QueryStatus query={map} rows={2} label="Loading the responsibility map" />
      {map.data && (
        <>
          <Group gap="xs" mb="xs">
            {gaps + warnings === 0 ? (
              <Badge color="teal" variant="light" leftSection={<IconCircleCheck size={14} aria-hidden />}>
                No gaps
              </Badge>
            ) : (
              <>
                <Badge color="red" variant="light" leftSection={<IconAlertOctagon size={14} aria-hidden />}>
                  {pluralise(gaps, 'gap')}
                </Badge>
                <Badge color="orange" variant="light">
                  {pluralise(warnings, 'warning')}
                </Badge>
              </>
            )}
          </Group>
          <Text size="sm">
            Version {map.data.version.number} of {formatDate(map.data.version.createdAt)}, covering{' '}
            {pluralise(services, 'active service')}.
          </Text>
          <Text size="sm" c="dimmed" mt={4}>
            {gaps + warnings === 0
              ? 'Every service has one Accountable and at least one Responsible party.'
              : 'Open the map to see which services lack an Accountable or Responsible party, and propose a fix.'}
          </Text>
        </>
      )}
    </Card>
  );
}
