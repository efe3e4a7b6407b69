import { Button, Group, MultiSelect, Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconArchiveOff } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useDecisionTypes } from '../decisions/api';
import { isApiError } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import { ConfirmDialog } from '../ui/confirm-dialog';
import { DialogBody, DialogHeader, formDialog } from '../ui/dialog';
import { FormAlert } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
import { LimitedTextInput } from '../ui/limited-input';
import { LimitedTextarea } from '../ui/limited-textarea';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type Service, useCreateService, useSetServiceStatus, useUpdateService } from './api';

interface ServiceFormProps {
  slug: string;
  /** The service to edit; without one, the dialog adds a service. */
  service?: Service;
  onClose: () => void;
  /** Asks to retire or reinstate the service (a confirmation follows). */
  onChangeStatus?: (service: Service) => void;
}

export const ServiceDialog = formDialog(ServiceForm, 'lg');

const FIELDS = ['name', 'description', 'decisionTypeKeys'] as const;

function ServiceForm({ slug, service, onClose, onChangeStatus }: ServiceFormProps) {
  const types = useDecisionTypes(slug);
  const create = useCreateService(slug);
  const update = useUpdateService(slug);
  const keyFor = useIdempotencyKey();
  const mutation = service ? update : create;
  const { form, formError } = useApiForm(
    {
      name: service?.name ?? '',
      description: service?.description ?? '',
      carriesBusinessDecisions: service?.carriesBusinessDecisions ?? false,
      decisionTypeKeys: service?.decisionTypeKeys ?? ([] as string[]),
    },
    mutation.error,
    FIELDS,
  );
  const f = form.values;
  const stale = isApiError(mutation.error, 'STALE_VERSION');

  function submit(event: FormEvent) {
    event.preventDefault();
    const fields = {
      name: f.name.trim(),
      description: f.description.trim(),
      carriesBusinessDecisions: f.carriesBusinessDecisions,
      decisionTypeKeys: f.carriesBusinessDecisions ? f.decisionTypeKeys : [],
    };
    const done = (saved: { service: Service }) => {
      notifications.show({
        color: 'teal',
        message: service ? `${saved.service.name} saved.` : `${saved.service.name} added to the map.`,
      });
      onClose();
    };
    if (service) update.mutate({ service, fields }, { onSuccess: done });
    else create.mutate({ ...fields, key: keyFor(fields) }, { onSuccess: done });
  }

  return (
    <>
      <DialogHeader title={service ? `Service: ${service.name}` : 'Add a service'} />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            {!service && (
              <Text size="sm" c="dimmed">
                A new service starts with nobody assigned, so it shows as a gap until a proposal gives it an
                Accountable and a Responsible party.
              </Text>
            )}
            <LimitedTextInput
              label="Name"
              required
              limit={120}
              {...form.getInputProps('name')}
              data-autofocus
            />
            <LimitedTextarea
              label="Description"
              autosize
              minRows={2}
              maxRows={6}
              limit={2000}
              {...form.getInputProps('description')}
            />
            <Switch
              label="Carries business decisions"
              description="A provider Accountable for this service is then flagged as a warning."
              {...form.getInputProps('carriesBusinessDecisions', { type: 'checkbox' })}
            />
            {f.carriesBusinessDecisions && (
              <MultiSelect
                label="Business decisions it carries"
                placeholder={f.decisionTypeKeys.length ? undefined : 'Pick decision types'}
                data={(types.data?.items ?? []).map((t) => ({ value: t.key, label: t.name }))}
                {...form.getInputProps('decisionTypeKeys')}
                searchable
              />
            )}
            <FormAlert
              message={
                stale
                  ? 'Someone changed this service meanwhile. The map has been reloaded; close and try again.'
                  : formError
              }
            />
            <Group justify="space-between" gap="xs">
              {service && onChangeStatus ? (
                <Button
                  variant="subtle"
                  color={service.status === 'active' ? 'red' : undefined}
                  leftSection={
                    service.status === 'active' ? (
                      <IconArchive size={16} aria-hidden />
                    ) : (
                      <IconArchiveOff size={16} aria-hidden />
                    )
                  }
                  onClick={() => onChangeStatus(service)}
                >
                  {service.status === 'active' ? 'Retire service' : 'Reinstate service'}
                </Button>
              ) : (
                <span />
              )}
              <FormActions onCancel={onClose} gap="xs">
                <Button type="submit" loading={mutation.isPending} disabled={!f.name.trim()}>
                  {service ? 'Save service' : 'Add service'}
                </Button>
              </FormActions>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}

/** Confirms retiring (or reinstating) a service: retired services keep their history and leave the gap checks. */
export function ServiceStatusDialog({
  opened,
  slug,
  service,
  onClose,
}: {
  opened: boolean;
  slug: string;
  service: Service | undefined;
  onClose: () => void;
}) {
  const change = useSetServiceStatus(slug);
  const retiring = service?.status !== 'retired';
  const close = () => {
    onClose();
    change.reset();
  };
  return (
    <ConfirmDialog
      opened={opened && service !== undefined}
      title={retiring ? `Retire ${service?.name}?` : `Reinstate ${service?.name}?`}
      confirmLabel={retiring ? 'Retire service' : 'Reinstate service'}
      danger={retiring}
      pending={change.isPending}
      error={change.error}
      onClose={close}
      onConfirm={() =>
        service &&
        change.mutate(
          { service, active: !retiring },
          {
            onSuccess: ({ service: saved }) => {
              notifications.show({
                color: 'teal',
                message: `${saved.name} is ${saved.status === 'retired' ? 'retired' : 'active again'}.`,
              });
              close();
            },
          },
        )
      }
    >
      {retiring
        ? 'The service leaves the gap report and its responsibilities can no longer change. Services are never deleted: its history stays, and you can reinstate it later.'
        : 'The service comes back into the map and the gap report; its responsibilities can be changed again through proposals.'}
    </ConfirmDialog>
  );
}
