import {
  Badge,
  Button,
  Group,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconBolt, IconLock, IconPlus } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useCannedResponses } from '../replies/api';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { EditDeleteActions } from '../ui/edit-delete-actions';
import { EmptyState } from '../ui/empty-state';
import { ErrorState, errorMessage } from '../ui/error-display';
import { ListSkeleton } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { useParties, useWorkspace } from '../workspaces/api';
import { isStaff } from '../workspaces/membership';
import { type Macro, type MacroInput, useDeleteMacro, useMacros, useSaveMacro } from './api';

const route = getRouteApi('/_app/w/$ws/macros');

/** Macros of the workspace and of the reader's party: list, create, edit and delete (party-library rules). */
export function MacrosPage() {
  const { ws: slug } = route.useParams();
  const membership = useWorkspace(slug).data?.membership;
  const macros = useMacros(slug, isStaff(membership));
  const [editing, setEditing] = useState<Macro | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Macro | null>(null);
  const remove = useDeleteMacro(slug);
  if (membership && !isStaff(membership))
    return (
      <Page title="Macros">
        <EmptyState
          icon={<IconLock aria-hidden />}
          title="Macros are for IT staff"
          description="Staff use them to answer and move tickets in one step."
        />
      </Page>
    );
  const abilities = macros.data?.abilities;
  const canCreate = Boolean(abilities?.createForParty || abilities?.createForWorkspace);
  const items = macros.data?.items ?? [];
  return (
    <Page
      title="Macros"
      description="One action that sets a ticket's status and assignee, adds a canned reply and hands it off. Apply them on a ticket (key m)."
      actions={
        canCreate ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            New macro
          </Button>
        ) : undefined
      }
    >
      {macros.isPending && <ListSkeleton rows={4} label="Loading macros" />}
      {macros.isError && <ErrorState error={macros.error} onRetry={() => void macros.refetch()} />}
      {macros.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconBolt aria-hidden />}
          title="No macros yet"
          description={
            canCreate
              ? 'Create one for a reply and status change you make often, such as “Waiting for the requester”.'
              : 'Your lead has not created any macros for your party or the workspace yet.'
          }
        />
      )}
      {items.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" aria-label="Macros">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>What it does</Table.Th>
                  <Table.Th>For</Table.Th>
                  <Table.Th>Used</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{m.title}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <Text size="sm">{m.summary}</Text>
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={m.scope === 'workspace' ? 'blue' : 'grape'}>
                        {m.scope === 'workspace' ? 'Everyone' : 'My party'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{m.usageCount}</Table.Td>
                    <Table.Td>
                      <EditDeleteActions
                        name={m.title}
                        abilities={m.abilities}
                        onEdit={() => setEditing(m)}
                        onDelete={() => setDeleting(m)}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      <Dialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        size="lg"
        closeOnClickOutside={false}
      >
        {editing !== null && (
          <MacroForm
            slug={slug}
            macro={editing === 'new' ? null : editing}
            scopes={{
              party: Boolean(abilities?.createForParty),
              workspace: Boolean(abilities?.createForWorkspace),
            }}
            onDone={() => setEditing(null)}
          />
        )}
      </Dialog>
      <ConfirmDialog
        opened={deleting !== null}
        title={`Delete the macro “${deleting?.title ?? ''}”?`}
        confirmLabel="Delete macro"
        danger
        pending={remove.isPending}
        error={remove.error}
        onClose={() => {
          remove.reset();
          setDeleting(null);
        }}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              notifications.show({ message: `Macro “${deleting.title}” deleted.` });
              setDeleting(null);
            },
          })
        }
      >
        Tickets it was applied to keep their changes; nobody can apply it any more.
      </ConfirmDialog>
    </Page>
  );
}

const NONE = '';
type TicketStatus = NonNullable<Macro['status']>;
/** As the desk names them (web/src/tickets/labels.ts; not imported: the ticket page imports this area). */
const STATUS_LABELS: Record<TicketStatus, string> = {
  new: 'New',
  triaged: 'Triaged',
  in_progress: 'In progress',
  waiting_on_requester: 'Waiting on requester',
  waiting_on_party: 'Waiting on a party',
  resolved: 'Resolved',
  closed: 'Closed',
};

function MacroForm({
  slug,
  macro,
  scopes,
  onDone,
}: {
  slug: string;
  macro: Macro | null;
  scopes: { party: boolean; workspace: boolean };
  onDone: () => void;
}) {
  const save = useSaveMacro(slug);
  const parties = useParties(slug);
  const canned = useCannedResponses(slug);
  const [title, setTitle] = useState(macro?.title ?? '');
  const [scope, setScope] = useState<'workspace' | 'party'>(
    macro?.scope ?? (scopes.party ? 'party' : 'workspace'),
  );
  const [status, setStatus] = useState<string>(macro?.status ?? NONE);
  const [assign, setAssign] = useState<string>(macro?.assign ?? NONE);
  const [handoff, setHandoff] = useState<string>(macro?.handoff ?? NONE);
  const [handoffPartyId, setHandoffPartyId] = useState<string>(macro?.handoffParty?.id ?? NONE);
  const [handoffReason, setHandoffReason] = useState(macro?.handoffReason ?? '');
  const [cannedResponseId, setCannedResponseId] = useState<string>(macro?.cannedResponse?.id ?? NONE);

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: MacroInput = {
      title,
      status: (status || null) as TicketStatus | null,
      assign: (assign || null) as Macro['assign'],
      handoff: (handoff || null) as Macro['handoff'],
      handoffPartyId: handoff === 'party' ? handoffPartyId || null : null,
      handoffReason: handoff ? handoffReason : null,
      cannedResponseId: cannedResponseId || null,
    };
    save.mutate(
      macro
        ? { kind: 'update', id: macro.id, body: { ...body, version: macro.version } }
        : { kind: 'create', body: { ...body, scope } },
      {
        onSuccess: ({ macro: saved }) => {
          notifications.show({ message: `Macro “${saved.title}” saved.` });
          onDone();
        },
      },
    );
  }

  return (
    <>
      <DialogHeader title={macro ? `Edit “${macro.title}”` : 'New macro'} />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <TextInput
              label="Title"
              required
              maxLength={120}
              value={title}
              onChange={(e) => setTitle(e.currentTarget.value)}
              data-autofocus
            />
            {!macro && (
              <Select
                label="Who can use it"
                value={scope}
                allowDeselect={false}
                onChange={(v) => setScope((v as 'workspace' | 'party') ?? 'party')}
                data={[
                  ...(scopes.party ? [{ value: 'party', label: 'My party' }] : []),
                  ...(scopes.workspace ? [{ value: 'workspace', label: 'Everyone on the desk' }] : []),
                ]}
              />
            )}
            <Select
              label="Set status"
              value={status}
              onChange={(v) => setStatus(v ?? NONE)}
              data={[
                { value: NONE, label: 'Leave as it is' },
                ...Object.entries(STATUS_LABELS).map(([value, label]) => ({ value, label })),
              ]}
            />
            <Select
              label="Assignee"
              value={assign}
              onChange={(v) => setAssign(v ?? NONE)}
              data={[
                { value: NONE, label: 'Leave as it is' },
                { value: 'me', label: 'The person applying it' },
                { value: 'nobody', label: 'Nobody (unassign)' },
              ]}
            />
            <Select
              label="Canned reply to add"
              value={cannedResponseId}
              onChange={(v) => setCannedResponseId(v ?? NONE)}
              data={[
                { value: NONE, label: 'None' },
                ...(canned.data?.items ?? []).map((c) => ({ value: c.id, label: c.title })),
              ]}
            />
            <Select
              label="Hand off"
              value={handoff}
              onChange={(v) => setHandoff(v ?? NONE)}
              data={[
                { value: NONE, label: 'No handoff' },
                { value: 'party', label: 'To a party' },
                { value: 'triage', label: 'To joint triage' },
              ]}
            />
            {handoff === 'party' && (
              <Select
                label="Party"
                required
                value={handoffPartyId}
                onChange={(v) => setHandoffPartyId(v ?? NONE)}
                data={(parties.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
              />
            )}
            {handoff && (
              <Textarea
                label="Handoff reason"
                required
                autosize
                minRows={2}
                maxLength={2000}
                value={handoffReason}
                onChange={(e) => setHandoffReason(e.currentTarget.value)}
              />
            )}
            {save.isError && (
              <Text c="red" size="sm" role="alert">
                {errorMessage(save.error)}
              </Text>
            )}
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={onDone} disabled={save.isPending}>
                Cancel
              </Button>
              <Button type="submit" loading={save.isPending}>
                {macro ? 'Save macro' : 'Create macro'}
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
