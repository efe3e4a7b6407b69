import { Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { FormEvent } from 'react';
import { ApiError } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import { DecidePanel, usePickedAction } from '../ui/decide-panel';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextarea } from '../ui/limited-textarea';
import { type Decision, type DecisionAbilities, type DecisionAction, useDecide } from './api';

interface DecisionActionsProps {
  slug: string;
  decision: Decision;
  abilities: DecisionAbilities;
  deciderDescription: string;
}

const COPY: Record<DecisionAction, { title: string; button: string; done: string; hint: string }> = {
  approve: {
    title: 'Approve',
    button: 'Approve decision',
    done: 'approved',
    hint: 'Why is this the right choice? The rationale is kept with the decision for good.',
  },
  reject: {
    title: 'Reject',
    button: 'Reject decision',
    done: 'rejected',
    hint: 'Why not? The proposer reads this, and it stays in the log.',
  },
  withdraw: {
    title: 'Withdraw',
    button: 'Withdraw request',
    done: 'withdrawn',
    hint: 'Why is the request no longer needed?',
  },
};

/** Approve / Reject (rationale required) and Withdraw, as the decision's abilities allow. */
export function DecisionActions({ slug, decision, abilities, deciderDescription }: DecisionActionsProps) {
  const { action, opened, open, close } = usePickedAction();
  // The dialog outlives the panel: after a refusal the refreshed abilities may hide the buttons, and the
  // server's message must stay on screen.
  const dialog = (
    <Dialog opened={opened} onClose={close} closeOnClickOutside={false}>
      <RationaleForm slug={slug} decision={decision} action={action} onClose={close} />
    </Dialog>
  );
  const showPanel = decision.status === 'proposed' && (abilities.decide || abilities.withdraw);

  return (
    <>
      {showPanel && (
        <DecidePanel
          hint={
            abilities.decide
              ? 'Your decision is final: a decided request never changes.'
              : `${deciderDescription.charAt(0).toUpperCase()}${deciderDescription.slice(1)} decides. You can withdraw your request while it is open.`
          }
          may={{ approve: abilities.decide, reject: abilities.decide, withdraw: abilities.withdraw }}
          onPick={open}
        />
      )}
      {dialog}
    </>
  );
}

const RATIONALE_FIELDS = ['rationale'] as const;

function RationaleForm(props: {
  slug: string;
  decision: Decision;
  action: DecisionAction;
  onClose: () => void;
}) {
  const { slug, decision, action, onClose } = props;
  const decide = useDecide(slug, decision.number);
  const { form, formError } = useApiForm({ rationale: '' }, decide.error, RATIONALE_FIELDS);
  const { rationale } = form.values;
  const copy = COPY[action];
  // A refusal names who holds the right: show it as the server words it.
  const refused = decide.error instanceof ApiError && decide.error.status === 403;

  function submit(event: FormEvent) {
    event.preventDefault();
    decide.mutate(
      { action, rationale: rationale.trim() },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${decision.key} ${copy.done}.` });
          onClose();
        },
      },
    );
  }

  return (
    <DialogForm
      title={`${copy.title} ${decision.key}?`}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={copy.button}
      pending={decide.isPending}
      disabled={!rationale.trim()}
      color={action === 'approve' ? 'teal' : action === 'reject' ? 'red' : undefined}
      actionsGap="xs"
    >
      <Text size="sm">{decision.title}</Text>
      <LimitedTextarea
        label="Rationale"
        description={copy.hint}
        required
        autosize
        minRows={3}
        limit={20000}
        {...form.getInputProps('rationale')}
        data-autofocus
      />
      <FormAlert
        message={formError}
        title={refused ? 'You do not hold this decision right' : 'Not recorded'}
      />
    </DialogForm>
  );
}
