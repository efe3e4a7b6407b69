import { Button, Code, Group, Select, Stack, Text, Textarea } from '@mantine/core';
import { IconMessageReply } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import { useRef, useState } from 'react';
import type { LibraryScopes } from '../ui/library-api';
import { LibraryForm, LibraryPage, scopeColumn } from '../ui/library-page';
import { lengthCounter, tooLong } from '../ui/text-limit';
import { useWorkspace } from '../workspaces/api';
import { isStaff } from '../workspaces/membership';
import {
  type CannedResponse,
  type CannedResponseInput,
  useCannedResponses,
  useDeleteCannedResponse,
  useSaveCannedResponse,
} from './api';

const route = getRouteApi('/_app/w/$ws/canned-responses');

type Visibility = CannedResponse['visibility'];
/** Who reads the reply once it is sent, as the reply box names it. */
const VISIBILITY_LABELS: Record<Visibility, string> = {
  public: 'Public reply (the requester too)',
  staff: 'Staff note (both parties)',
  party: 'Note for my party',
};

/** What each placeholder the server knows becomes; a new one shows by its name alone. */
const PLACEHOLDER_HELP: Record<string, string> = {
  'requester.firstName': "the requester's first name",
  'requester.name': "the requester's full name",
  'agent.firstName': 'the first name of whoever inserts it',
  'agent.name': 'the full name of whoever inserts it',
  'ticket.key': 'the ticket key, such as ACME-12',
  'ticket.subject': "the ticket's subject",
  'service.name': "the ticket's service",
};

const BODY_MAX = 20_000;
const HOW_TO_INSERT = 'In a ticket’s reply box, type :: and a word of the title, then pick it with Enter.';

/** Canned responses of the workspace and of the reader's party: list, create, edit and delete. */
export function RepliesPage() {
  const { ws: slug } = route.useParams();
  const membership = useWorkspace(slug).data?.membership;
  const replies = useCannedResponses(slug, isStaff(membership));
  const remove = useDeleteCannedResponse(slug);
  const placeholders = replies.data?.placeholders ?? [];
  return (
    <LibraryPage<CannedResponse>
      title="Canned responses"
      description={`Replies written once and inserted in any ticket, with placeholders filled for that ticket. ${HOW_TO_INSERT}`}
      isStaffReader={membership ? isStaff(membership) : null}
      staffOnly="Staff insert them in their replies to requesters."
      list={replies}
      noun="canned response"
      columns={[
        { header: 'Title', cell: (r) => r.title, wrap: true },
        { header: 'Sent as', cell: (r) => <Text size="sm">{VISIBILITY_LABELS[r.visibility]}</Text> },
        scopeColumn(),
        { header: 'Used', cell: (r) => r.usageCount, narrow: true },
        {
          header: 'Kept by',
          cell: (r) => (
            <Text size="sm">{r.scope === 'workspace' ? 'The internal lead' : "My party's lead"}</Text>
          ),
        },
      ]}
      empty={{
        icon: <IconMessageReply aria-hidden />,
        title: 'No canned responses yet',
        canCreate: `A canned response is an answer you give often, written once: “Hi {{requester.firstName}}, {{ticket.key}} is with me now.” ${HOW_TO_INSERT} Create the first one.`,
        cannotCreate: `A canned response is an answer you give often, written once and inserted in a reply. Your lead has not written any for your party or the workspace yet. ${HOW_TO_INSERT}`,
      }}
      remove={remove}
      deleteNote="Replies it was inserted in stay as they are; macros that added it no longer add a reply."
      renderForm={(item, scopes, onDone) => (
        <ReplyForm slug={slug} item={item} scopes={scopes} placeholders={placeholders} onDone={onDone} />
      )}
    />
  );
}

function ReplyForm({
  slug,
  item,
  scopes,
  placeholders,
  onDone,
}: {
  slug: string;
  item: CannedResponse | null;
  scopes: LibraryScopes;
  placeholders: string[];
  onDone: () => void;
}) {
  const save = useSaveCannedResponse(slug);
  const [body, setBody] = useState(item?.body ?? '');
  const [visibility, setVisibility] = useState<Visibility>(item?.visibility ?? 'public');
  const area = useRef<HTMLTextAreaElement>(null);

  // Inserts at the caret and puts it after the placeholder, so several go in a row.
  function insert(name: string) {
    const text = `{{${name}}}`;
    const el = area.current;
    const start = el?.selectionStart ?? body.length;
    const end = el?.selectionEnd ?? body.length;
    setBody(body.slice(0, start) + text + body.slice(end));
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + text.length, start + text.length);
    });
  }

  return (
    <LibraryForm<CannedResponseInput>
      item={item}
      scopes={scopes}
      noun="canned response"
      newHeading="New canned response"
      save={save}
      onDone={onDone}
      fields={() => ({ body, visibility })}
    >
      <Select
        label="Sent as"
        description="The reply box starts with this; the agent can still change it before sending."
        value={visibility}
        allowDeselect={false}
        onChange={(v) => setVisibility((v as Visibility) ?? 'public')}
        data={Object.entries(VISIBILITY_LABELS).map(([value, label]) => ({ value, label }))}
      />
      <Textarea
        ref={area}
        label="Text"
        required
        autosize
        minRows={5}
        maxRows={16}
        value={body}
        onChange={(e) => setBody(e.currentTarget.value)}
        description={lengthCounter(body, BODY_MAX)}
        error={tooLong(body, BODY_MAX)}
      />
      <Stack gap={4}>
        <Text size="sm">Placeholders, filled for the ticket when the response is inserted:</Text>
        {placeholders.map((name) => (
          <Group key={name} gap="xs" wrap="nowrap">
            <Button
              size="compact-xs"
              variant="light"
              onClick={() => insert(name)}
              aria-label={`Insert {{${name}}}`}
            >
              Insert
            </Button>
            <Text size="sm">
              <Code>{`{{${name}}}`}</Code>
              {PLACEHOLDER_HELP[name] ? `: ${PLACEHOLDER_HELP[name]}` : ''}
            </Text>
          </Group>
        ))}
      </Stack>
    </LibraryForm>
  );
}
