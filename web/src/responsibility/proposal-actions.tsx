import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { DecidePanel, usePickedAction } from '../ui/decide-panel';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextarea } from '../ui/limited-textarea';
import { type ProposalDetail, useDecideProposal } from './api';

interface ProposalActionsProps {
  slug: string;
  number: number;
  abilities: ProposalDetail['abilities'];
}

/** Approve (optional note), reject (note required) or withdraw, as the proposal's abilities allow. */
export function ProposalActions({ slug, number, abilities }: ProposalActionsProps) {
  const { action, opened, open, close } = usePickedAction();
  // The dialogs outlive the panel: after a refusal the refreshed abilities may hide the buttons, and the
  // server's message must stay on screen.
  const dialogs = (
    <>
      <Dialog opened={opened && action !== 'withdraw'} onClose={close} closeOnClickOutside={false}>
        <NoteForm
          slug={slug}
          number={number}
          action={action === 'reject' ? 'reject' : 'approve'}
          onClose={close}
        />
      </Dialog>
      <WithdrawDialog opened={opened && action === 'withdraw'} slug={slug} number={number} onClose={close} />
    </>
  );
  const showPanel = abilities.approve || abilities.reject || abilities.withdraw;

  return (
    <>
      {showPanel && (
        <DecidePanel
          hint={
            abilities.approve
              ? 'Approving makes these changes the new current version of the map.'
              : 'You proposed this change; you can withdraw it while it waits for a decision.'
          }
          may={abilities}
          onPick={open}
        />
      )}
      {dialogs}
    </>
  );
}

const NOTE_FIELDS = ['note'] as const;

function NoteForm(props: {
  slug: string;
  number: number;
  action: 'approve' | 'reject';
  onClose: () => void;
}) {
  const { slug, number, action, onClose } = props;
  const decide = useDecideProposal(slug, number);
  const { form, formError } = useApiForm({ note: '' }, decide.error, NOTE_FIELDS);
  const { note } = form.values;
  const approving = action === 'approve';

  function submit(event: FormEvent) {
    event.preventDefault();
    decide.mutate(
      { action, note: note.trim() || undefined },
      {
        onSuccess: (answer) => {
          notifications.show({
            color: 'teal',
            message: approving
              ? `Proposal #${number} approved: the map is now version ${answer.version?.number ?? 'new'}.`
              : `Proposal #${number} rejected.`,
          });
          onClose();
        },
      },
    );
  }

  return (
    <DialogForm
      title={approving ? `Approve proposal #${number}?` : `Reject proposal #${number}?`}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={approving ? 'Approve proposal' : 'Reject proposal'}
      pending={decide.isPending}
      disabled={!approving && !note.trim()}
      color={approving ? 'teal' : 'red'}
      actionsGap="xs"
    >
      <LimitedTextarea
        label={approving ? 'Note (optional)' : 'Why is it rejected?'}
        description={
          approving
            ? 'Kept with the proposal, for example the contract clause it matches.'
            : 'The proposer reads this; say what would make it acceptable.'
        }
        required={!approving}
        autosize
        minRows={3}
        limit={5000}
        {...form.getInputProps('note')}
        data-autofocus
      />
      <FormAlert message={formError} title={approving ? 'Not approved' : 'Not rejected'} />
    </DialogForm>
  );
}

function WithdrawDialog(props: { opened: boolean; slug: string; number: number; onClose: () => void }) {
  const { opened, slug, number, onClose } = props;
  const decide = useDecideProposal(slug, number);
  const close = () => {
    onClose();
    decide.reset();
  };
  return (
    <ConfirmDialog
      opened={opened}
      title={`Withdraw proposal #${number}?`}
      confirmLabel="Withdraw proposal"
      danger
      pending={decide.isPending}
      error={decide.error}
      onClose={close}
      onConfirm={() =>
        decide.mutate(
          { action: 'withdraw' },
          {
            onSuccess: () => {
              notifications.show({ color: 'teal', message: `Proposal #${number} withdrawn.` });
              close();
            },
          },
        )
      }
    >
      The proposal stays in the inbox as withdrawn and can no longer be approved. The map does not change.
    </ConfirmDialog>
  );
}
