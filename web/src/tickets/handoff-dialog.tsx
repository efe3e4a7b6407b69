import { Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { isApiError } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import type { Party } from '../ui/api-types';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextarea } from '../ui/limited-textarea';
import { useHandOff } from './api';
import { StaleAlert } from './stale-alert';
import type { Ticket } from './types';

const JOINT = 'joint';
const FIELDS = ['toPartyId', 'reason'] as const;

interface HandoffDialogProps {
  opened: boolean;
  slug: string;
  ticket: Ticket;
  parties: Party[];
  onClose: () => void;
  onReload: () => Promise<unknown>;
}

export function HandoffDialog({ opened, onClose, ...props }: HandoffDialogProps) {
  return (
    <Dialog opened={opened} onClose={onClose} closeOnClickOutside={false}>
      <HandoffForm {...props} onClose={onClose} />
    </Dialog>
  );
}

/** Moves the ticket to another party's lane or to joint triage; the reason is kept on its path. */
function HandoffForm({ slug, ticket, parties, onClose, onReload }: Omit<HandoffDialogProps, 'opened'>) {
  const current = ticket.lane.kind === 'party' ? ticket.lane.partyId : JOINT;
  const options = [
    ...parties
      .filter((p) => p.id !== current)
      .map((p) => ({ value: p.id, label: `${p.name} (${p.kind === 'internal' ? 'internal' : 'provider'})` })),
    ...(current === JOINT ? [] : [{ value: JOINT, label: 'Joint triage (both parties decide)' }]),
  ];
  const handOff = useHandOff(slug);
  const { form, formError } = useApiForm(
    { toPartyId: options[0]?.value ?? null, reason: '' },
    handOff.error,
    FIELDS,
  );
  const { toPartyId: target, reason } = form.values;
  const stale = isApiError(handOff.error, 'STALE_VERSION');
  const targetName = (value: string) =>
    value === JOINT ? 'joint triage' : (parties.find((p) => p.id === value)?.name ?? 'the party');

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!target) return;
    handOff.mutate(
      { ticket, toPartyId: target === JOINT ? null : target, reason: reason.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${ticket.key} handed to ${targetName(target)}.` });
          onClose();
        },
      },
    );
  }

  return (
    <DialogForm
      title={`Hand off ${ticket.key}`}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Hand off"
      pending={handOff.isPending}
      disabled={!target || !reason.trim()}
      actionsGap="xs"
    >
      <Text size="sm" c="dimmed">
        The ticket leaves its current lane and loses its assignee. Your party keeps watching it, and the
        reason is kept on the ticket’s path.
      </Text>
      {ticket.handoffCount >= 2 && (
        <Text size="sm" c="red.8" fw={500}>
          This ticket has already moved {ticket.handoffCount} times. One more marks it as bouncing; consider
          agreeing an owner first.
        </Text>
      )}
      <Select
        label="Hand to"
        data={options}
        {...form.getInputProps('toPartyId')}
        allowDeselect={false}
        data-autofocus
      />
      <LimitedTextarea
        label="Reason"
        description="Why it belongs there: the next party reads this first."
        required
        autosize
        minRows={3}
        limit={2000}
        {...form.getInputProps('reason')}
      />
      {stale ? (
        <StaleAlert onReload={() => void onReload().then(() => handOff.reset())} />
      ) : (
        <FormAlert message={formError} title="Not handed off" />
      )}
    </DialogForm>
  );
}
