import { Select, Text } from '@mantine/core';
import { IconBolt } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useCannedResponses } from '../replies/api';
import type { LibraryScopes } from '../ui/library-api';
import { LibraryForm, LibraryPage, scopeColumn } from '../ui/library-page';
import { LimitedTextarea } from '../ui/limited-textarea';
import { useParties, useWorkspace } from '../workspaces/api';
import { isStaff } from '../workspaces/membership';
import { type Macro, type MacroInput, useDeleteMacro, useMacros, useSaveMacro } from './api';

const route = getRouteApi('/_app/w/$ws/macros');

/** Macros of the workspace and of the reader's party: list, create, edit and delete (party-library rules). */
export function MacrosPage() {
  const { ws: slug } = route.useParams();
  const membership = useWorkspace(slug).data?.membership;
  const macros = useMacros(slug, isStaff(membership));
  const remove = useDeleteMacro(slug);
  return (
    <LibraryPage<Macro>
      title="Macros"
      description="One action that sets a ticket's status and assignee, adds a canned reply and hands it off. Apply them on a ticket (key m)."
      isStaffReader={membership ? isStaff(membership) : null}
      staffOnly="Staff use them to answer and move tickets in one step."
      list={macros}
      noun="macro"
      columns={[
        { header: 'Title', cell: (m) => m.title, wrap: true },
        { header: 'What it does', cell: (m) => <Text size="sm">{m.summary}</Text>, wrap: true },
        scopeColumn(),
        { header: 'Used', cell: (m) => m.usageCount, narrow: true },
      ]}
      empty={{
        icon: <IconBolt aria-hidden />,
        title: 'No macros yet',
        canCreate:
          'Create one for a reply and status change you make often, such as “Waiting for the requester”.',
        cannotCreate: 'Your lead has not created any macros for your party or the workspace yet.',
      }}
      remove={remove}
      deleteNote="Tickets it was applied to keep their changes; nobody can apply it any more."
      renderForm={(macro, scopes, onDone) => (
        <MacroForm slug={slug} macro={macro} scopes={scopes} onDone={onDone} />
      )}
    />
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
  scopes: LibraryScopes;
  onDone: () => void;
}) {
  const save = useSaveMacro(slug);
  const parties = useParties(slug);
  const canned = useCannedResponses(slug);
  const [status, setStatus] = useState<string>(macro?.status ?? NONE);
  const [assign, setAssign] = useState<string>(macro?.assign ?? NONE);
  const [handoff, setHandoff] = useState<string>(macro?.handoff ?? NONE);
  const [handoffPartyId, setHandoffPartyId] = useState<string>(macro?.handoffParty?.id ?? NONE);
  const [handoffReason, setHandoffReason] = useState(macro?.handoffReason ?? '');
  const [cannedResponseId, setCannedResponseId] = useState<string>(macro?.cannedResponse?.id ?? NONE);

  return (
    <LibraryForm<MacroInput>
      item={macro}
      scopes={scopes}
      noun="macro"
      newHeading="New macro"
      save={save}
      onDone={onDone}
      fields={() => ({
        status: (status || null) as TicketStatus | null,
        assign: (assign || null) as Macro['assign'],
        handoff: (handoff || null) as Macro['handoff'],
        handoffPartyId: handoff === 'party' ? handoffPartyId || null : null,
        handoffReason: handoff ? handoffReason : null,
        cannedResponseId: cannedResponseId || null,
      })}
    >
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
        <LimitedTextarea
          label="Handoff reason"
          required
          autosize
          minRows={2}
          limit={2000}
          value={handoffReason}
          onChange={(e) => setHandoffReason(e.currentTarget.value)}
        />
      )}
    </LibraryForm>
  );
}
