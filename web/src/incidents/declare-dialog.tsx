import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
import { LimitedTextInput } from '../ui/limited-input';
import { LimitedTextarea } from '../ui/limited-textarea';
import { NumberField } from '../ui/number-field';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useDeclareIncident, useStaffMembers } from './api';

const FIELDS = [
  'title',
  'impact',
  'ticketKeys',
  'commanderMembershipId',
  'communicationsLeadMembershipId',
  'updateCadenceMinutes',
  'rationale',
] as const;

export function DeclareIncidentDialog({
  slug,
  opened,
  initialTicket,
  onClose,
}: {
  slug: string;
  opened: boolean;
  initialTicket: string | undefined;
  onClose: () => void;
}) {
  return (
    <Dialog opened={opened} onClose={onClose} size="lg" closeOnClickOutside={false}>
      <DeclareForm slug={slug} initialTicket={initialTicket} onClose={onClose} />
    </Dialog>
  );
}

function DeclareForm({
  slug,
  initialTicket,
  onClose,
}: {
  slug: string;
  initialTicket: string | undefined;
  onClose: () => void;
}) {
  const [title, setTitle] = useState('');
  const [impact, setImpact] = useState('');
  const [tickets, setTickets] = useState(initialTicket ?? '');
  const [commander, setCommander] = useState<string | null>(null);
  const [comms, setComms] = useState<string | null>(null);
  const [cadence, setCadence] = useState<number>(30);
  const [rationale, setRationale] = useState('');
  const staff = useStaffMembers(slug);
  const declare = useDeclareIncident(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const errors = formErrors(declare.error, FIELDS);
  const people = (staff.data ?? []).map((m) => ({
    value: m.id,
    label: `${m.account.name} (${m.party?.name ?? ''})`,
  }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const body = {
      title: title.trim(),
      impact: impact.trim(),
      ticketKeys: tickets
        .split(/[\s,]+/)
        .map((k) => k.trim())
        .filter(Boolean),
      commanderMembershipId: commander ?? undefined,
      communicationsLeadMembershipId: comms ?? undefined,
      updateCadenceMinutes: cadence,
      rationale: rationale.trim(),
    };
    declare.mutate(
      { ...body, key: keyFor(body) },
      {
        onSuccess: ({ incident }) => {
          notifications.show({
            color: 'orange',
            message: `${incident.key} is declared. Post the first stakeholder update.`,
          });
          onClose();
          void navigate({ to: '/w/$ws/incidents/$key', params: { ws: slug, key: incident.key } });
        },
      },
    );
  }

  return (
    <>
      <DialogHeader title="Declare a major incident" />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <FormAlert message={errors.form} />
            <LimitedTextInput
              label="Title"
              required
              limit={200}
              placeholder="For example: E-mail is down for everyone"
              value={title}
              error={errors.field.title}
              onChange={(e) => setTitle(e.currentTarget.value)}
            />
            <LimitedTextarea
              label="Impact"
              description="Who is affected and how."
              autosize
              minRows={2}
              limit={5000}
              value={impact}
              error={errors.field.impact}
              onChange={(e) => setImpact(e.currentTarget.value)}
            />
            <TextInput
              label="Tickets"
              description="One or more ticket keys, separated by commas."
              required
              value={tickets}
              error={errors.field.ticketKeys}
              onChange={(e) => setTickets(e.currentTarget.value)}
            />
            <Group grow align="flex-start">
              <Select
                label="Commander"
                description="You, unless you name someone."
                placeholder="Me"
                searchable
                clearable
                data={people}
                value={commander}
                error={errors.field.commanderMembershipId}
                onChange={setCommander}
              />
              <Select
                label="Communications lead"
                description="Staff of either party."
                placeholder="Nobody yet"
                searchable
                clearable
                data={people}
                value={comms}
                error={errors.field.communicationsLeadMembershipId}
                onChange={setComms}
              />
            </Group>
            <NumberField
              label="Stakeholder updates every (minutes)"
              min={5}
              max={1440}
              value={cadence}
              error={errors.field.updateCadenceMinutes}
              onChange={(v) => setCadence(typeof v === 'number' ? v : Number(v) || 30)}
            />
            <LimitedTextarea
              label="Why declare (kept in the decision log)"
              autosize
              minRows={2}
              limit={5000}
              value={rationale}
              error={errors.field.rationale}
              onChange={(e) => setRationale(e.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button
                type="submit"
                color="red"
                loading={declare.isPending}
                disabled={!title.trim() || !tickets.trim()}
              >
                Declare major incident
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
