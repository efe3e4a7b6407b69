import { Badge, Button, Group, List, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconLink, IconUnlink } from '@tabler/icons-react';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { FormAlert, formErrors } from '../ui/error-display';
import { AnchorLink } from '../ui/router-links';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type RiskFull, useLinkRiskChange, useUnlinkRiskChange } from './api';

const STATUS_COLOURS: Record<string, string> = {
  implemented: 'green',
  reviewed: 'green',
  closed: 'green',
  failed: 'red',
  backed_out: 'red',
  rejected: 'red',
  in_progress: 'blue',
  scheduled: 'blue',
  approved: 'blue',
};

const FIELDS = ['change'] as const;

/** Change records that carry out part of the risk's treatment, with their status (issue #12). */
export function TreatmentChanges({ slug, risk }: { slug: string; risk: RiskFull }) {
  const link = useLinkRiskChange(slug, risk.key);
  const unlink = useUnlinkRiskChange(slug, risk.key);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm({ change: '' }, link.error, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = form.values.change.trim().toUpperCase();
    link.mutate(
      { change: value, idempotencyKey: keyFor({ change: value }) },
      { onSuccess: () => form.reset() },
    );
  };
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="risk-changes-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="risk-changes-title">
          Changes carrying out the treatment
        </Title>
        {risk.changes.length === 0 ? (
          <Text size="sm" c="dimmed">
            No change records linked. When the treatment is a change to a system (a patch, a configuration, a
            new control), link its change record here by its key, such as CHG-4.
          </Text>
        ) : (
          <List size="sm" aria-label="Linked changes">
            {risk.changes.map((c) => (
              <List.Item key={c.id}>
                <Group gap="xs">
                  <AnchorLink to="/w/$ws/changes/$key" params={{ ws: slug, key: c.key }}>
                    {c.key}
                  </AnchorLink>
                  <Text size="sm">{c.title}</Text>
                  <Badge size="sm" variant="light" color={STATUS_COLOURS[c.status] ?? 'gray'}>
                    {c.status.replace('_', ' ')}
                  </Badge>
                  {risk.abilities.edit && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="gray"
                      leftSection={<IconUnlink size={12} aria-hidden />}
                      aria-label={`Unlink ${c.key}`}
                      loading={unlink.isPending && unlink.variables === c.key}
                      onClick={() => unlink.mutate(c.key)}
                    >
                      Unlink
                    </Button>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        )}
        <FormAlert message={unlink.error ? formErrors(unlink.error, [] as const).form : null} />
        {risk.abilities.edit && (
          <form onSubmit={submit} noValidate>
            <Group align="flex-end">
              <TextInput
                label="Link a change"
                placeholder="CHG-4"
                {...form.getInputProps('change')}
                error={form.errors.change ?? formError}
                style={{ flex: 1 }}
              />
              <Button
                type="submit"
                variant="light"
                leftSection={<IconLink size={16} aria-hidden />}
                loading={link.isPending}
                disabled={form.values.change.trim() === ''}
              >
                Link change
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </Paper>
  );
}
