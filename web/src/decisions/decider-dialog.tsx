import { Alert, Button, Group, Radio, Select, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { usePartyMembers } from '../members/api';
import { isApiError } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextarea } from '../ui/limited-textarea';
import { useParties } from '../workspaces/api';
import { type Decider, type DeciderChange, type DecisionType, useChangeDecider } from './api';

interface DeciderDialogProps {
  opened: boolean;
  slug: string;
  type: DecisionType | undefined;
  onClose: () => void;
}

export function DeciderDialog({ opened, slug, type, onClose }: DeciderDialogProps) {
  return (
    <Dialog opened={opened} onClose={onClose} size="lg" closeOnClickOutside={false}>
      {type && <DeciderForm slug={slug} type={type} onClose={onClose} />}
    </Dialog>
  );
}

const FIELDS = ['decider', 'delegateMembershipId', 'delegatePartyId', 'reason'] as const;

function DeciderForm({ slug, type, onClose }: { slug: string; type: DecisionType; onClose: () => void }) {
  // Moving a right to a provider asks again, in words, before anything is sent.
  const [confirming, setConfirming] = useState(false);
  const change = useChangeDecider(slug);
  const { form, formError } = useApiForm(
    {
      decider: type.decider as Decider,
      delegateMembershipId: type.delegateMembershipId as string | null,
      delegatePartyId: type.delegatePartyId as string | null,
      reason: '',
    },
    change.error,
    FIELDS,
  );
  const { decider, delegateMembershipId: delegateId, delegatePartyId: partyId } = form.values;
  const parties = useParties(slug);
  const internal = parties.data?.items.find((p) => p.kind === 'internal') ?? null;
  const providers = parties.data?.items.filter((p) => p.kind === 'provider') ?? [];
  const members = usePartyMembers(slug, decider === 'internal_delegate' ? (internal?.id ?? null) : null);
  // Only active internal leads and agents may hold a delegated right.
  const delegates = (members.data?.items ?? []).filter((m) => m.role === 'lead' || m.role === 'agent');
  const stale = isApiError(change.error, 'STALE_VERSION');
  const provider = providers.find((p) => p.id === partyId);

  const body: DeciderChange = {
    decider,
    delegateMembershipId: decider === 'internal_delegate' ? delegateId : null,
    delegatePartyId: decider === 'provider_lead' ? partyId : null,
    reason: form.values.reason.trim(),
  };
  const unchanged =
    decider === type.decider &&
    body.delegateMembershipId === type.delegateMembershipId &&
    body.delegatePartyId === type.delegatePartyId;
  const incomplete =
    !body.reason ||
    (decider === 'internal_delegate' && !delegateId) ||
    (decider === 'provider_lead' && !partyId);

  function send() {
    change.mutate(
      { type, change: body },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `Who decides “${type.name}” has changed.` });
          onClose();
        },
        onError: () => setConfirming(false),
      },
    );
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    if (decider === 'provider_lead') setConfirming(true);
    else send();
  }

  if (confirming) {
    return (
      <>
        <DialogHeader title="Move this decision right to a provider?" />
        <DialogBody>
          <Stack gap="md">
            <Alert
              color="orange"
              variant="light"
              icon={<IconAlertTriangle aria-hidden />}
              title="The provider will decide"
            >
              <Text size="sm">
                The lead of {provider?.name ?? 'the provider'} will be able to approve or reject “{type.name}”
                requests on your organisation’s behalf. The internal IT lead keeps the right too. The move is
                recorded in the audit log as a delegation to a provider.
              </Text>
              {type.whyInternalDecides && (
                <Text size="sm" mt="xs">
                  Why this usually stays internal: {type.whyInternalDecides}
                </Text>
              )}
            </Alert>
            <Text size="sm">Your reason: {body.reason}</Text>
            <FormAlert message={formError} title="Not changed" />
            <Group justify="flex-end" gap="xs">
              <Button variant="default" onClick={() => setConfirming(false)} disabled={change.isPending}>
                Back
              </Button>
              <Button color="orange" onClick={send} loading={change.isPending} data-autofocus>
                Move the right to {provider?.name ?? 'the provider'}
              </Button>
            </Group>
          </Stack>
        </DialogBody>
      </>
    );
  }

  return (
    <DialogForm
      title={`Who decides: ${type.name}`}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={decider === 'provider_lead' ? 'Continue' : 'Save'}
      pending={change.isPending}
      disabled={unchanged || incomplete}
      actionsGap="xs"
    >
      <Radio.Group
        label="Who decides"
        description="The internal IT lead always keeps the right as well."
        {...form.getInputProps('decider')}
      >
        <Stack gap="xs" mt="xs">
          <Radio value="internal_lead" label="The internal IT lead" />
          <Radio value="internal_delegate" label="A named member of the internal IT team" />
          <Radio
            value="provider_lead"
            label="The lead of a provider party"
            disabled={providers.length === 0}
            description={providers.length === 0 ? 'There is no provider party in this workspace.' : undefined}
          />
        </Stack>
      </Radio.Group>
      {decider === 'internal_delegate' && (
        <Select
          label="Internal delegate"
          placeholder="Pick a lead or agent"
          required
          searchable
          data={delegates.map((m) => ({ value: m.id, label: m.account.name }))}
          {...form.getInputProps('delegateMembershipId')}
          nothingFoundMessage="No active internal lead or agent"
        />
      )}
      {decider === 'provider_lead' && (
        <Select
          label="Provider party"
          placeholder="Pick a provider"
          required
          data={providers.map((p) => ({ value: p.id, label: p.name }))}
          {...form.getInputProps('delegatePartyId')}
        />
      )}
      <LimitedTextarea
        label="Reason"
        description="Recorded in the audit log with the change."
        required
        autosize
        minRows={2}
        limit={2000}
        {...form.getInputProps('reason')}
      />
      <FormAlert
        message={
          stale
            ? 'Someone changed this right meanwhile. The list has been reloaded; check it and try again.'
            : formError
        }
        title="Not changed"
      />
    </DialogForm>
  );
}
