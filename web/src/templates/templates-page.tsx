import { Group, Select, Text, Textarea } from '@mantine/core';
import { IconTemplate } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useResponsibilityMap } from '../responsibility/api';
import type { LibraryScopes } from '../ui/library-api';
import { LibraryForm, LibraryPage, scopeColumn } from '../ui/library-page';
import { LimitedTextInput } from '../ui/limited-input';
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
  const remove = useDeleteTemplate(slug);
  return (
    <LibraryPage<TicketTemplate>
      title="Ticket templates"
      description="Prefilled subject, description, service and priority for tickets staff raise often. Pick one on the new-ticket page."
      isStaffReader={membership ? isStaff(membership) : null}
      staffOnly="Staff use them to raise tickets they often raise."
      list={templates}
      noun="template"
      columns={[
        { header: 'Title', cell: (t) => t.title, wrap: true },
        { header: 'Subject', cell: (t) => <Text size="sm">{t.subject}</Text>, wrap: true },
        { header: 'Service', cell: (t) => t.service?.name ?? '—' },
        scopeColumn(),
      ]}
      empty={{
        icon: <IconTemplate aria-hidden />,
        title: 'No ticket templates yet',
        canCreate: 'Create one for a ticket you raise often, such as a new starter.',
        cannotCreate: 'Your lead has not created any templates for your party or the workspace yet.',
      }}
      remove={remove}
      deleteNote="Tickets raised from it stay as they are."
      renderForm={(template, scopes, onDone) => (
        <TemplateForm slug={slug} template={template} scopes={scopes} onDone={onDone} />
      )}
    />
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
  scopes: LibraryScopes;
  onDone: () => void;
}) {
  const save = useSaveTemplate(slug);
  const map = useResponsibilityMap(slug);
  const services = (map.data?.services ?? []).filter((s) => s.status === 'active');
  const [subject, setSubject] = useState(template?.subject ?? '');
  const [description, setDescription] = useState(template?.description ?? '');
  const [serviceId, setServiceId] = useState<string>(template?.service?.id ?? NONE);
  const [impact, setImpact] = useState<string>(template?.impact ?? NONE);
  const [urgency, setUrgency] = useState<string>(template?.urgency ?? NONE);
  const [category, setCategory] = useState(template?.category ?? '');

  return (
    <LibraryForm<TemplateInput>
      item={template}
      scopes={scopes}
      noun="template"
      newHeading="New ticket template"
      save={save}
      onDone={onDone}
      fields={() => ({
        subject,
        description,
        serviceId: serviceId || null,
        impact: (impact || null) as Level | null,
        urgency: (urgency || null) as Level | null,
        category: category.trim() || null,
      })}
    >
      <LimitedTextInput
        label="Subject"
        required
        limit={200}
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
      <LimitedTextInput
        label="Category"
        limit={100}
        value={category}
        onChange={(e) => setCategory(e.currentTarget.value)}
      />
    </LibraryForm>
  );
}
