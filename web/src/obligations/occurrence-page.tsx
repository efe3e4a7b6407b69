import {
  Alert,
  Anchor,
  Button,
  Checkbox,
  FileInput,
  Group,
  List,
  Paper,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCheck, IconUpload, IconX } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiError } from '../ui/api-client';
import { errorMessage } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { PagePending } from '../ui/loading';
import { NumberField } from '../ui/number-field';
import { Page } from '../ui/page-layout';
import { AnchorLink } from '../ui/router-links';
import { fileUrl, type OccurrenceDetail, useOccurrence, useOccurrenceAction } from './api';
import { OccurrenceBadge } from './badges';
import { OccurrenceReviews } from './occurrence-reviews';

const route = getRouteApi('/_app/w/$ws/obligations/occurrences/$id');

export function OccurrencePage() {
  const { ws: slug, id } = route.useParams();
  const found = useOccurrence(slug, id);
  if (!found.isSuccess) return <PagePending query={found} title="Evidence" label="Loading the occurrence" />;
  return <Occurrence slug={slug} data={found.data} />;
}

/** Each missing piece on its own line, from the server's 400. */
function Problem({ error }: { error: unknown }) {
  if (!error) return null;
  const items = error instanceof ApiError ? error.fieldIssues.map((i) => i.message) : [];
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Not yet" role="alert">
      {items.length > 1 ? (
        <List size="sm">
          {items.map((m) => (
            <List.Item key={m}>{m}</List.Item>
          ))}
        </List>
      ) : (
        <Text size="sm">{errorMessage(error)}</Text>
      )}
    </Alert>
  );
}

function Occurrence({ slug, data }: { slug: string; data: OccurrenceDetail }) {
  const { occurrence: o, evidence } = data;
  const actions = useOccurrenceAction(slug, o.id);
  const [figure, setFigure] = useState<number | string>(o.figureValue ?? '');
  const [attest, setAttest] = useState(false);
  const [reason, setReason] = useState('');
  const editable = o.abilities.submit;
  const toggle = (item: string, on: boolean) =>
    actions.evidence.mutate({
      version: o.version,
      checkedItems: on ? [...o.checkedItems, item] : o.checkedItems.filter((x) => x !== item),
    });
  return (
    <Page
      title={`${o.obligation.key} ${o.obligation.title}: ${o.dueOn}`}
      description={
        <AnchorLink to="/w/$ws/obligations/$key" params={{ ws: slug, key: o.obligation.key }}>
          ← {o.obligation.key}
        </AnchorLink>
      }
    >
      <Group gap="sm">
        <OccurrenceBadge view={o.view} />
        <Text size="sm">
          Due {formatDateTime(o.dueAt)} · grace until {formatDateTime(o.graceUntil)}
        </Text>
        {o.onTime === false && (
          <Text size="sm" c="red">
            Late
          </Text>
        )}
      </Group>
      {o.escalationLevel > 0 && o.status === 'open' && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title="Overdue">
          {o.escalationLevel === 2
            ? 'The grace has ended: the leads of both parties have been told.'
            : 'The responsible party has been told the evidence is overdue.'}
        </Alert>
      )}
      {o.rejectionReason && o.status === 'open' && (
        <Alert color="orange" variant="light" title="The evidence was rejected">
          {o.rejectionReason}
        </Alert>
      )}
      <OccurrenceReviews slug={slug} data={data} />
      <Paper withBorder radius="md" p="md" component="section" aria-labelledby="evidence-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="evidence-title">
            Evidence
          </Title>
          {evidence.checklist.length > 0 && (
            <Stack gap={6} role="group" aria-label="Checklist">
              {evidence.checklist.map((item) => (
                <Checkbox
                  key={item}
                  label={item}
                  checked={o.checkedItems.includes(item)}
                  disabled={!editable || actions.evidence.isPending}
                  onChange={(e) => toggle(item, e.currentTarget.checked)}
                />
              ))}
            </Stack>
          )}
          {evidence.requiredFiles.map((requirement) => {
            const files = o.files.filter((f) => f.requirement === requirement);
            return (
              <Stack key={requirement} gap={4}>
                <Text size="sm" fw={600}>
                  {requirement}
                </Text>
                {files.length === 0 && (
                  <Text size="sm" c="dimmed">
                    Not attached yet.
                  </Text>
                )}
                {files.map((f) => (
                  <Text size="sm" key={f.id}>
                    <Anchor href={fileUrl(slug, o.id, f.id)} download>
                      {f.filename}
                    </Anchor>{' '}
                    ({Math.ceil(f.sizeBytes / 1024)} KB, {f.uploadedBy?.name ?? '—'},{' '}
                    {formatDateTime(f.createdAt)})
                  </Text>
                ))}
                {editable && (
                  <FileInput
                    label={`Attach: ${requirement}`}
                    placeholder="Choose a file (PDF, image, Office, text; up to 10 MB)"
                    leftSection={<IconUpload size={16} aria-hidden />}
                    value={null}
                    onChange={(file) => file && actions.upload.mutate({ file, requirement })}
                    disabled={actions.upload.isPending}
                    maw={420}
                  />
                )}
              </Stack>
            );
          })}
          {evidence.figure && (
            <Group align="flex-end">
              <NumberField
                label={`${evidence.figure.name}${evidence.figure.unit ? ` (${evidence.figure.unit})` : ''}`}
                value={figure}
                onChange={setFigure}
                disabled={!editable}
                w={240}
              />
              {editable && (
                <Button
                  variant="light"
                  onClick={() =>
                    actions.evidence.mutate(
                      { version: o.version, figureValue: figure === '' ? null : Number(figure) },
                      { onSuccess: () => notifications.show({ color: 'green', message: 'Figure saved.' }) },
                    )
                  }
                  loading={actions.evidence.isPending}
                >
                  Save figure
                </Button>
              )}
            </Group>
          )}
          <Problem error={actions.upload.error ?? actions.evidence.error} />
          {editable && (
            <Stack gap="xs">
              <Checkbox
                label={`I attest: ${evidence.attestation}`}
                checked={attest}
                onChange={(e) => setAttest(e.currentTarget.checked)}
              />
              <Problem error={actions.submit.error} />
              <Group>
                <Button
                  onClick={() =>
                    actions.submit.mutate(
                      { version: o.version, attest },
                      {
                        onSuccess: () =>
                          notifications.show({ color: 'green', message: 'Evidence handed in.' }),
                      },
                    )
                  }
                  loading={actions.submit.isPending}
                >
                  Hand in the evidence
                </Button>
              </Group>
            </Stack>
          )}
          {o.status !== 'open' && o.attestedBy && (
            <Text size="sm">
              Attested by {o.attestedBy.name} on {formatDateTime(o.submittedAt)}: “{evidence.attestation}”
            </Text>
          )}
          {o.status === 'accepted' && (
            <Text size="sm" c="teal">
              Accepted by {o.reviewedBy?.name ?? '—'} on {formatDateTime(o.reviewedAt)}.
            </Text>
          )}
        </Stack>
      </Paper>
      {o.abilities.review && (
        <Paper withBorder radius="md" p="md" component="section" aria-labelledby="review-title">
          <Stack gap="sm">
            <Title order={2} size="h4" id="review-title">
              Review the evidence
            </Title>
            <Problem error={actions.accept.error ?? actions.reject.error} />
            <Group>
              <Button
                color="teal"
                leftSection={<IconCheck size={16} aria-hidden />}
                onClick={() => actions.accept.mutate({ version: o.version })}
                loading={actions.accept.isPending}
              >
                Accept evidence
              </Button>
            </Group>
            <Textarea
              label="Reason for rejecting"
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
            />
            <Group>
              <Button
                color="orange"
                variant="light"
                leftSection={<IconX size={16} aria-hidden />}
                onClick={() => actions.reject.mutate({ version: o.version, reason })}
                loading={actions.reject.isPending}
              >
                Reject and reopen
              </Button>
            </Group>
          </Stack>
        </Paper>
      )}
    </Page>
  );
}
