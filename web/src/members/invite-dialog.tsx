import { Alert, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconLink } from '@tabler/icons-react';
import { type FormEvent, useMemo } from 'react';
import { useApiForm } from '../ui/api-form';
import { type Party, ROLE_DESCRIPTIONS, ROLE_LABELS, type Role, type WorkspaceDetail } from '../ui/api-types';
import { CopyField } from '../ui/copy-field';
import { DialogBody, DialogHeader, formDialog } from '../ui/dialog';
import { SubmitForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useCreateInvitation } from './api';
import { invitablePartyIds, invitableRoles, NO_PARTY } from './invite-rules';

interface InviteFormProps {
  slug: string;
  parties: Party[];
  membership: WorkspaceDetail['membership'];
  onClose: () => void;
}

const FIELDS = ['email', 'role', 'partyId'] as const;
const defaultRole = (roles: Role[]): Role => (roles.includes('agent') ? 'agent' : (roles[0] ?? 'requester'));

function absoluteUrl(url: string): string {
  try {
    return new URL(url, window.location.origin).toString();
  } catch {
    return url;
  }
}

export const InviteDialog = formDialog(InviteForm, 'lg');

function InviteForm({ slug, parties, membership, onClose }: InviteFormProps) {
  const partyIds = useMemo(() => invitablePartyIds(parties, membership), [parties, membership]);
  const keyFor = useIdempotencyKey();
  const create = useCreateInvitation(slug);
  const firstPartyId = partyIds[0] ?? NO_PARTY;
  const { form, formError } = useApiForm(
    { email: '', partyId: firstPartyId, role: defaultRole(invitableRoles(firstPartyId, membership)) },
    create.error,
    FIELDS,
  );
  const { email, partyId, role } = form.values;

  const partyOptions = partyIds.map((id) => {
    if (id === NO_PARTY) return { value: NO_PARTY, label: 'No party: a requester' };
    const party = parties.find((p) => p.id === id);
    return { value: id, label: party ? `${party.name} (${party.kind})` : id };
  });
  const roleOptions = invitableRoles(partyId, membership);

  function choosePartyId(value: string) {
    form.setFieldValue('partyId', value);
    const roles = invitableRoles(value, membership);
    if (!roles.includes(role)) form.setFieldValue('role', defaultRole(roles));
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = { email: email.trim(), role, partyId: partyId === NO_PARTY ? null : partyId };
    create.mutate({ ...body, key: keyFor(body) });
  }

  const created = create.data;
  return (
    <>
      <DialogHeader title={created ? 'Invitation created' : 'Invite someone'} />
      <DialogBody>
        {created ? (
          <InvitationLink
            email={created.invitation.email}
            expiresAt={created.invitation.expiresAt}
            url={created.inviteUrl}
            emailed={created.emailed}
            onClose={onClose}
          />
        ) : (
          <SubmitForm
            onSubmit={submit}
            onCancel={onClose}
            submitLabel="Create invitation link"
            pending={create.isPending}
            actionsGap="xs"
          >
            <TextInput
              label="Email"
              type="email"
              autoComplete="off"
              required
              {...form.getInputProps('email')}
              data-autofocus
            />
            <Select
              label="Party"
              description="Which side they work for. Requesters belong to no party."
              data={partyOptions}
              {...form.getInputProps('partyId')}
              onChange={(value) => value && choosePartyId(value)}
              allowDeselect={false}
            />
            <Select
              label="Role"
              data={roleOptions.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
              {...form.getInputProps('role')}
              allowDeselect={false}
              description={ROLE_DESCRIPTIONS[role]}
            />
            <FormAlert message={formError} title="Not invited" />
          </SubmitForm>
        )}
      </DialogBody>
    </>
  );
}

function InvitationLink(props: {
  email: string;
  expiresAt: string;
  url: string;
  emailed: boolean;
  onClose: () => void;
}) {
  return (
    <Stack gap="md">
      <Alert
        color="teal"
        variant="light"
        icon={<IconLink aria-hidden />}
        title={props.emailed ? 'Invitation e-mailed' : 'Send this link yourself'}
      >
        <Text size="sm">
          {props.emailed
            ? `Tandem is e-mailing the link to ${props.email}. You can also pass it on yourself: it is shown only this once`
            : `Send it to ${props.email} through a channel you trust. It is shown only this once`}{' '}
          and works for one sign-up, until {formatDateTime(props.expiresAt)}.
        </Text>
      </Alert>
      <CopyField label="Invitation link" value={absoluteUrl(props.url)} />
      <Group justify="flex-end">
        <Button onClick={props.onClose} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}
