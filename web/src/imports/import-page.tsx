import {
  Alert,
  Button,
  FileInput,
  Group,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCheck, IconFileImport } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { DataTable } from '../ui/data-table';
import { FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { LockedPage } from '../ui/locked-page';
import { Page } from '../ui/page-layout';
import { SectionCard } from '../ui/section-card';
import {
  FIELDS,
  type ImportKind,
  NOUNS,
  type PastImport,
  type Report,
  useImportHistory,
  useRunImport,
} from './api';

const route = getRouteApi('/_app/w/$ws/import');

const KIND_LABELS: Record<ImportKind, string> = {
  tickets: 'Tickets with comments',
  systems: 'Systems',
  articles: 'Knowledge articles',
  invitations: 'People to invite',
  accounts: 'Privileged accounts',
};

/** What happens to each kind's records, shown under the choice. */
const KIND_NOTES: Record<ImportKind, string> = {
  tickets:
    'Rows with the same id are one ticket and its comments, in order. Tickets are routed by the responsibility map; as history they start no SLA clocks and send no notifications. Up to 200,000 rows a file.',
  systems: 'One system per row; a name the workspace has already is refused.',
  articles: 'Each article arrives as a draft (version 1) for its owner to review and publish.',
  invitations:
    'Each person gets an invitation e-mail with a one-time link, as when invited by hand; the e-mail address is the id, so the same file again invites nobody twice.',
  accounts: 'Each account goes into the privileged-account register of a system the workspace has.',
};

/**
 * Records from another service desk, one CSV file at a time: map the columns, check the file (a dry
 * run lists every row's problems and writes nothing), then import it in one go. A file imported
 * before is recognised by the ids it had there and creates nothing twice.
 */
export function ImportPage() {
  const { ws: slug } = route.useParams();
  const run = useRunImport(slug);
  const history = useImportHistory(slug);
  const [kind, setKind] = useState<ImportKind>('tickets');
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState('');
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [checked, setChecked] = useState<Report | null>(null);
  const [done, setDone] = useState<Report | null>(null);
  const fields = Object.entries(FIELDS[kind]) as [string, { label: string; required: boolean }][];

  const reset = () => {
    setChecked(null);
    setDone(null);
    run.reset();
  };
  const body = (dryRun: boolean) => ({
    kind,
    csv,
    dryRun,
    mapping: Object.fromEntries(Object.entries(mapping).filter(([, column]) => column.trim() !== '')),
  });

  const refused = (error: unknown) =>
    !!error && typeof error === 'object' && 'code' in error && error.code === 'IMPORT_RIGHT_REQUIRED';
  if (refused(run.error) || refused(history.error))
    return (
      <LockedPage
        title="Import"
        notice="Imports are the internal IT lead's"
        description="The internal IT lead brings tickets, systems, articles, people and privileged accounts over from another service desk."
      />
    );
  return (
    <Page
      title="Import from another desk"
      description="Bring tickets (with their comments), systems, knowledge articles, people to invite and privileged accounts over from a CSV export: check the file first, then import it in one go."
    >
      <SectionCard title="1. The file">
        <Stack gap="md">
          <SegmentedControl
            aria-label="What the file holds"
            value={kind}
            onChange={(value) => {
              setKind(value as ImportKind);
              setMapping({});
              reset();
            }}
            data={Object.entries(KIND_LABELS).map(([value, label]) => ({ value, label }))}
            style={{ flexWrap: 'wrap' }}
          />
          <Text size="sm" c="dimmed">
            {KIND_NOTES[kind]} Columns: {fields.map(([field]) => field).join(', ')}.
          </Text>
          <FileInput
            label="CSV file"
            description="The first line names the columns; UTF-8, comma-separated, quotes as spreadsheets write them."
            accept=".csv,text/csv"
            placeholder="Choose a file"
            value={file}
            onChange={async (chosen) => {
              setFile(chosen);
              setCsv(chosen ? await chosen.text() : '');
              reset();
            }}
            clearable
          />
        </Stack>
      </SectionCard>
      <SectionCard
        title="2. Columns"
        description="Which column of the file holds each field. Leave a box empty when the column has the field's own name."
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {fields.map(([field, { label, required }]) => (
            <TextInput
              key={`${kind}-${field}`}
              label={label}
              description={`Field ${field}${required ? ', required' : ''}`}
              placeholder={field}
              value={mapping[field] ?? ''}
              onChange={(event) => {
                setMapping({ ...mapping, [field]: event.currentTarget.value });
                reset();
              }}
            />
          ))}
        </SimpleGrid>
      </SectionCard>
      <SectionCard title="3. Check, then import">
        <Stack gap="md">
          <Group>
            <Button
              variant="default"
              disabled={!csv}
              loading={run.isPending && run.variables?.dryRun === true}
              onClick={() => run.mutate(body(true), { onSuccess: setChecked })}
            >
              Check the file
            </Button>
            <Button
              leftSection={<IconFileImport size={16} aria-hidden />}
              disabled={!checked || checked.errors.length > 0 || checked.created === 0}
              loading={run.isPending && run.variables?.dryRun === false}
              onClick={() => run.mutate(body(false), { onSuccess: setDone })}
            >
              Import
            </Button>
          </Group>
          {!csv && (
            <Text size="sm" c="dimmed">
              Choose a file to check it. Nothing is written until you press Import.
            </Text>
          )}
          <FormAlert message={run.error ? run.error.message : null} title="The file was not imported" />
          {done ? (
            <Alert color="teal" icon={<IconCheck aria-hidden />} title="Imported">
              {summary(done)}
            </Alert>
          ) : (
            checked && <CheckResult report={checked} />
          )}
        </Stack>
      </SectionCard>
      <SectionCard title="Past imports">
        <PastImports items={history.data?.items ?? []} />
      </SectionCard>
    </Page>
  );
}

function summary(report: Report) {
  const what = NOUNS[report.kind][0];
  const comments = report.kind === 'tickets' ? ` with ${report.comments} comment(s)` : '';
  return `${report.rows} row(s) read: ${report.created} ${what}(s)${comments} ${
    report.dryRun ? 'would be created' : 'created'
  }; ${report.alreadyImported} imported before and left as they are.`;
}

function CheckResult({ report }: { report: Report }) {
  if (report.errors.length === 0)
    return (
      <Alert color="blue" title="The file is ready">
        {summary(report)}
      </Alert>
    );
  return (
    <Stack gap="xs">
      <Alert color="red" title={`${report.errors.length} problem(s) to fix before importing`}>
        Nothing is imported while any row has a problem. Fix the file or the column mapping and check again.
      </Alert>
      <DataTable striped aria-label="Problems in the file" head={['Row', 'Field', 'Problem']}>
        {report.errors.map((e, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: problems have no id; the list does not change
          <Table.Tr key={i}>
            <Table.Td>{e.row === 0 ? 'the file' : e.row}</Table.Td>
            <Table.Td>{e.field ?? '—'}</Table.Td>
            <Table.Td>{e.message}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Stack>
  );
}

function PastImports({ items }: { items: PastImport[] }) {
  if (items.length === 0)
    return (
      <Text size="sm" c="dimmed">
        Nothing has been imported yet.
      </Text>
    );
  return (
    <DataTable
      striped
      aria-label="Past imports"
      head={['When', 'What', 'Rows', 'Created', 'Imported before', 'By']}
    >
      {items.map((item) => (
        <Table.Tr key={`${item.at}-${item.kind}-${item.created}-${item.alreadyImported}`}>
          <Table.Td>{formatDateTime(item.at)}</Table.Td>
          <Table.Td>{NOUNS[item.kind][1]}</Table.Td>
          <Table.Td>{item.rows}</Table.Td>
          <Table.Td>
            {item.created}
            {item.kind === 'tickets' ? ` (${item.comments} comments)` : ''}
          </Table.Td>
          <Table.Td>{item.alreadyImported}</Table.Td>
          <Table.Td>{item.by ?? '—'}</Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  );
}
