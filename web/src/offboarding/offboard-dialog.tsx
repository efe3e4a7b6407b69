import { Alert, Button, Group, List, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCircleCheck } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { ErrorState } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
import { pluralise } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { AnchorLink } from '../ui/router-links';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type Offboarding, type Preview, useOffboard, useOffboardingPreview } from './api';

/** Offboarding one person: the preview (what will happen, counted and listed), then the one action. */
export function OffboardDialog({
  slug,
  member,
  onClose,
}: {
  slug: string;
  member: { id: string; name: string } | null;
  onClose: () => void;
}) {
  const queryClient = useQueryClient();
  const close = () => {
    onClose();
    void queryClient.invalidateQueries({ queryKey: ['members', slug] });
  };
  return (
    <Dialog opened={member !== null} onClose={close} size="lg" closeOnClickOutside={false}>
      {member && <OffboardBody slug={slug} member={member} onClose={close} />}
    </Dialog>
  );
}

function OffboardBody({
  slug,
  member,
  onClose,
}: {
  slug: string;
  member: { id: string; name: string };
  onClose: () => void;
}) {
  const preview = useOffboardingPreview(slug, member.id);
  const offboard = useOffboard(slug);
  const keyFor = useIdempotencyKey();
  if (offboard.data) return <Done slug={slug} record={offboard.data.offboarding} onClose={onClose} />;
  return (
    <>
      <DialogHeader title={`Offboard ${member.name}`} />
      <DialogBody>
        {preview.isPending && <ListSkeleton label="Working out what offboarding will do" />}
        {preview.isError && <ErrorState error={preview.error} />}
        {preview.data && (
          <Stack gap="sm">
            <PreviewList preview={preview.data.preview} />
            {offboard.error ? <ErrorState error={offboard.error} /> : null}
            <FormActions onCancel={onClose}>
              <Button
                color="red"
                loading={offboard.isPending}
                onClick={() =>
                  offboard.mutate(
                    { membershipId: member.id, idempotencyKey: keyFor({ offboard: member.id }) },
                    {
                      onSuccess: () =>
                        notifications.show({ color: 'teal', message: `${member.name} is offboarded.` }),
                    },
                  )
                }
              >
                Offboard {member.name}
              </Button>
            </FormActions>
          </Stack>
        )}
      </DialogBody>
    </>
  );
}

function PreviewList({ preview }: { preview: Preview }) {
  return (
    <Stack gap="xs" aria-label="What will happen">
      <Text>This will happen at once, in one step:</Text>
      <List spacing={6}>
        <List.Item>
          {preview.person.name}’s membership is deactivated; the next request with any of their sessions or of
          their {pluralise(preview.membership.apiTokens, 'API token')} here is refused.
        </List.Item>
        <List.Item>
          {preview.tickets.length === 0
            ? 'No open tickets are assigned to them.'
            : `${pluralise(preview.tickets.length, 'open ticket')} go back to their lane’s queue, unassigned:`}
          {preview.tickets.length > 0 && (
            <List size="sm" withPadding aria-label="Tickets returned to the queue">
              {preview.tickets.map((t) => (
                <List.Item key={t.key}>
                  {t.key} {t.subject}
                </List.Item>
              ))}
            </List>
          )}
        </List.Item>
        <List.Item>
          {preview.onCallShifts === 0
            ? 'They hold no current or future on-call shift.'
            : `${pluralise(preview.onCallShifts, 'current or future on-call shift')} become gaps in the rota.`}
        </List.Item>
        <List.Item>
          {preview.articles.length === 0
            ? 'They review no articles.'
            : `${pluralise(preview.articles.length, 'article review')} pass to ${preview.passTo.name}:`}
          {preview.articles.length > 0 && (
            <List size="sm" withPadding aria-label="Article reviews passed on">
              {preview.articles.map((a) => (
                <List.Item key={a.id}>{a.title}</List.Item>
              ))}
            </List>
          )}
        </List.Item>
        <List.Item>
          {preview.tasks.length === 0
            ? 'No privileged accounts are on record for them: nothing to revoke.'
            : `The privileged accounts they hold become ${pluralise(preview.tasks.length, 'revocation task')}, each confirmed with evidence:`}
          {preview.tasks.length > 0 && (
            <List size="sm" withPadding aria-label="Privileged accounts to revoke">
              {preview.tasks.map((t) => (
                <List.Item key={t.label}>{t.label}</List.Item>
              ))}
            </List>
          )}
        </List.Item>
      </List>
    </Stack>
  );
}

function Done({ slug, record, onClose }: { slug: string; record: Offboarding; onClose: () => void }) {
  return (
    <>
      <DialogHeader title={`${record.key}: ${record.person.name} offboarded`} />
      <DialogBody>
        <Stack gap="sm">
          <Alert color="teal" icon={<IconCircleCheck aria-hidden />}>
            Access ended; {pluralise(record.outcome.ticketsReturned.length, 'ticket')} returned to the queue;{' '}
            {pluralise(record.outcome.shiftsReleased, 'on-call shift')} released.{' '}
            {record.status === 'completed'
              ? 'Nothing is left to do: the offboarding is complete.'
              : `${pluralise(record.tasks.length, 'task')} left; the offboarding completes when each is confirmed with evidence.`}
          </Alert>
          <Group justify="flex-end">
            <AnchorLink to="/w/$ws/offboardings" params={{ ws: slug }}>
              See offboarding records
            </AnchorLink>
            <Button onClick={onClose}>Close</Button>
          </Group>
        </Stack>
      </DialogBody>
    </>
  );
}
