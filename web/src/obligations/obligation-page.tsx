import { List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { PagePending } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { useObligation } from './api';
import { OccurrenceTable } from './occurrence-table';

const route = getRouteApi('/_app/w/$ws/obligations/$key');

export function ObligationPage() {
  const { ws: slug, key } = route.useParams();
  const found = useObligation(slug, key);
  if (!found.isSuccess) return <PagePending query={found} title={key} label="Loading the obligation" />;
  const o = found.data.obligation;
  return (
    <Page
      title={`${o.key} ${o.title}`}
      description={
        <AnchorLink to="/w/$ws/obligations" params={{ ws: slug }}>
          ← Obligations
        </AnchorLink>
      }
    >
      <Paper withBorder radius="md" p="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              Schedule
            </Text>
            <Text size="sm">
              {o.scheduleText}, due {o.dueTime} ({o.timeZone}), {o.graceHours} hours' grace
            </Text>
            <Text size="xs" c="dimmed">
              {o.rrule} · from {o.startsOn}
            </Text>
            <Text size="sm" c="dimmed" mt="xs">
              Who
            </Text>
            <Text size="sm">
              Responsible: {o.responsibleParties.map((p) => p.name).join(', ') || 'nobody in the map'} (from{' '}
              {o.service.name}) · Accountable: {o.accountable?.name ?? '—'}
            </Text>
            {o.system && <Text size="sm">System: {o.system.name}</Text>}
            <Text size="sm" c="dimmed" mt="xs">
              Controls evidenced
            </Text>
            <Text size="sm">{o.controls.map((c) => c.name).join(' · ') || '—'}</Text>
          </Stack>
          <Stack gap={4}>
            <Text size="sm" c="dimmed">
              Evidence each time
            </Text>
            <List size="sm">
              {o.evidence.checklist.map((i) => (
                <List.Item key={i}>☐ {i}</List.Item>
              ))}
              {o.evidence.requiredFiles.map((i) => (
                <List.Item key={i}>File: {i}</List.Item>
              ))}
              {o.evidence.figure && (
                <List.Item>
                  Figure: {o.evidence.figure.name} {o.evidence.figure.unit && `(${o.evidence.figure.unit})`}
                </List.Item>
              )}
              <List.Item>Attestation: “{o.evidence.attestation}”</List.Item>
            </List>
          </Stack>
        </SimpleGrid>
        {o.description && (
          <Text size="sm" mt="md">
            {o.description}
          </Text>
        )}
      </Paper>
      <Stack gap="xs" component="section" aria-labelledby="occ-title">
        <Title order={2} size="h4" id="occ-title">
          Occurrences
        </Title>
        {o.occurrences.length === 0 ? (
          <Text size="sm" c="dimmed">
            No occurrences in the last year or the next 90 days.
          </Text>
        ) : (
          <OccurrenceTable
            slug={slug}
            items={o.occurrences}
            caption="The last year and the next 90 days"
            showObligation={false}
          />
        )}
      </Stack>
    </Page>
  );
}
