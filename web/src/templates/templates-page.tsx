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
import { IconLock, IconPlus, IconTemplate } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useResponsibilityMap } from '../responsibility/api';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { EditDeleteActions } from '../ui/edit-delete-actions';
import { EmptyState } from '../ui/empty-state';
import { ErrorState, errorMessage } from '../ui/error-display';
import { ListSkeleton } from '../ui/loading';
import { Page } from '../ui/page-layout';
import { useWorkspace } from '../workspaces/api';
import { isStaff } from '../workspaces/membership';
import {
  type TemplateInput,
  type TicketTemplate,
  useDeleteTemplate,
  useSaveTemplate,
  useTicketTemplates,
} from './api';

const route = getRouteApi('/_app/w/$ws/ticket-templates');

type Level = NonNullable<TicketTemplate['impact']>;
const LEVEL_LABELS: Record<Level, string> = { low: 'Low', medium: 'Medium', high: 'High' };

/** Ticket templates of the workspace and of the reader's party: list, create, edit and delete. */
export function TemplatesPage() {
  const { ws: slug } = route.useParams();
  const membership = useWorkspace(slug).data?.membership;
  const templates = useTicketTemplates(slug, isStaff(membership));
  const [editing, setEditing] = useState<TicketTemplate | 'new' | null>(null);
  const [deleting, setDeleting] = useState<TicketTemplate | null>(null);
  const remove = useDeleteTemplate(slug);
  if (membership && !isStaff(membership))
    return (
      <Page title="Ticket templates">
        <EmptyState
          icon={<IconLock aria-hidden />}
          title="Ticket templates are for IT staff"
          description="Staff use them to raise tickets they often raise."
        />
      </Page>
    );
  const abilities = templates.data?.abilities;
  const canCreate = Boolean(abilities?.createForParty || abilities?.createForWorkspace);
  const items = templates.data?.items ?? [];
  return (
    <Page
      title="Ticket templates"
      description="Prefilled subject, description, service and priority for tickets staff raise often. Pick one on the new-ticket page."
      actions={
        canCreate ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing('new')}>
            New template
          </Button>
        ) : undefined
      }
    >
      {templates.isPending && <ListSkeleton rows={4} label="Loading ticket templates" />}
      {templates.isError && <ErrorState error={templates.error} onRetry={() => void templates.refetch()} />}
      {templates.isSuccess && items.length === 0 && (
        <EmptyState
          icon={<IconTemplate aria-hidden />}
          title="No ticket templates yet"
          description={
            canCreate
              ? 'Create one for a ticket you raise often, such as a new starter.'
              : 'Your lead has not created any templates for your party or the workspace yet.'
          }
        />
      )}
      {items.length > 0 && (
        <Paper withBorder radius="md">
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" aria-label="Ticket templates">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Title</Table.Th>
                  <Table.Th>Subject</Table.Th>
                  <Table.Th>Service</Table.Th>
                  <Table.Th>For</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>Actions</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((t) => (
                  <Table.Tr key={t.id}>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>{t.title}</Table.Td>
                    <Table.Td style={{ overflowWrap: 'anywhere' }}>
                      <Text size="sm">{t.subject}</Text>
                    </Table.Td>
                    <Table.Td>{t.service?.name ?? '—'}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={t.scope === 'workspace' ? 'blue' : 'grape'}>
                        {t.scope === 'workspace' ? 'Everyone' : 'My party'}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <EditDeleteActions
                        name={t.title}
                        abilities={t.abilities}
                        onEdit={() => setEditing(t)}
                        onDelete={() => setDeleting(t)}
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
          <TemplateForm
            slug={slug}
            template={editing === 'new' ? null : editing}
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
        title={`Delete the template “${deleting?.title ?? ''}”?`}
        confirmLabel="Delete template"
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
              notifications.show({ message: `Template “${deleting.title}” deleted.` });
              setDeleting(null);
            },
          })
        }
      >
        Tickets raised from it stay as they are.
      </ConfirmDialog>
    </Page>
  );
}

const NONE = '';
const levels = (none: string) => [
  { value: NONE, label: none },
  ...(Object.entries(LEVEL_LABELS) as [Level, string][]).map(([value, label]) => ({ value, label })),
];

function TemplateForm({
  slug,
  template,
  scopes,
  onDone,
}: {
  slug: string;
  template: TicketTemplate | null;
  scopes: { party: boolean; workspace: boolean };
  onDone: () => void;
}) {
  const save = useSaveTemplate(slug);
  const map = useResponsibilityMap(slug);
  const services = (map.data?.services ?? []).filter((s) => s.status === 'active');
  const [title, setTitle] = useState(template?.title ?? '');
  const [scope, setScope] = useState<'workspace' | 'party'>(
    template?.scope ?? (scopes.party ? 'party' : 'workspace'),
  );
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [description, setDescription] = useState(template?.description ?? '');
  const [serviceId, setServiceId] = useState<string>(template?.service?.id ?? NONE);
  const [impact, setImpact] = useState<string>(template?.impact ?? NONE);
  const [urgency, setUrgency] = useState<string>(template?.urgency ?? NONE);
  const [category, setCategory] = useState(template?.category ?? '');

  function submit(event: FormEvent) {
    event.preventDefault();
    const body: TemplateInput = {
      title,
      subject,
      description,
      serviceId: serviceId || null,
      impact: (impact || null) as Level | null,
      urgency: (urgency || null) as Level | null,
      category: category.trim() || null,
    };
    save.mutate(
      template
        ? { kind: 'update', id: template.id, body: { ...body, version: template.version } }
        : { kind: 'create', body: { ...body, scope } },
      {
        onSuccess: ({ template: saved }) => {
          notifications.show({ message: `Template “${saved.title}” saved.` });
          onDone();
        },
      },
    );
  }

  return (
    <>
      <DialogHeader title={template ? `Edit “${template.title}”` : 'New ticket template'} />
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
            {!template && (
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
            <TextInput
              label="Subject"
              required
              maxLength={200}
              value={subject}
              onChange={(e) => setSubject(e.currentTarget.value)}
            />
            <Textarea
              label="Description"
              autosize
              minRows={3}
              maxRows={12}
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
            <Select
              label="Service"
              searchable
              value={serviceId}
              onChange={(v) => setServiceId(v ?? NONE)}
              data={[
                { value: NONE, label: 'Chosen when raising' },
                ...services.map((s) => ({ value: s.id, label: s.name })),
              ]}
            />
            <Group grow>
              <Select
                label="Impact"
                value={impact}
                onChange={(v) => setImpact(v ?? NONE)}
                data={levels('From the service')}
              />
              <Select
                label="Urgency"
                value={urgency}
                onChange={(v) => setUrgency(v ?? NONE)}
                data={levels('From the service')}
              />
            </Group>
            <TextInput
              label="Category"
              maxLength={100}
              value={category}
              onChange={(e) => setCategory(e.currentTarget.value)}
            />
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
                {template ? 'Save template' : 'Create template'}
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
