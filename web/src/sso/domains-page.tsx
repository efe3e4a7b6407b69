import { ActionIcon, Button, Group, Stack, Table, TextInput } from '@mantine/core';
import { IconPlus, IconTrash, IconWorldWww } from '@tabler/icons-react';
import { getRouteApi } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { useApiForm } from '../ui/api-form';
import { EmptyState } from '../ui/empty-state';
import { ErrorState, FormAlert } from '../ui/error-display';
import { formatDateTime } from '../ui/format';
import { ListSkeleton } from '../ui/loading';
import { LockedPage } from '../ui/locked-page';
import { Page } from '../ui/page-layout';
import { SectionCard } from '../ui/section-card';
import { useAddDomainRule, useDomainRules, useRemoveDomainRule } from './api';

const route = getRouteApi('/_app/w/$ws/sign-in-domains');
const FIELDS = ['domain'] as const;

/**
 * The internal lead's rule for single sign-on: people whose verified e-mail is at one of these
 * domains may join as requesters by signing in with the identity provider; nobody else joins uninvited.
 */
export function DomainsPage() {
  const { ws: slug } = route.useParams();
  const rules = useDomainRules(slug);
  const add = useAddDomainRule(slug);
  const remove = useRemoveDomainRule(slug);
  const { form, formError } = useApiForm({ domain: '' }, add.error, FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    add.mutate({ domain: form.values.domain.trim() }, { onSuccess: () => form.reset() });
  }

  if (rules.error && 'code' in rules.error && rules.error.code === 'SSO_RIGHT_REQUIRED')
    return (
      <LockedPage
        title="Sign-in domains"
        notice="Sign-in domains are the internal IT lead's"
        description="The internal IT lead decides which e-mail domains may join this workspace by single sign-on."
      />
    );
  return (
    <Page
      title="Sign-in domains"
      description="People whose identity provider vouches for an e-mail address at one of these domains may join as requesters by single sign-on. Everyone else needs an invitation."
    >
      <SectionCard title="Add a domain">
        <form onSubmit={submit} noValidate aria-label="Add a sign-in domain">
          <Stack gap="sm">
            <Group align="flex-end" gap="sm">
              <TextInput
                label="E-mail domain"
                placeholder="acme.example"
                {...form.getInputProps('domain')}
                miw={260}
              />
              <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={add.isPending}>
                Add
              </Button>
            </Group>
            <FormAlert message={formError} title="The domain was not added" />
          </Stack>
        </form>
      </SectionCard>
      {rules.isPending ? (
        <ListSkeleton label="Loading sign-in domains" />
      ) : rules.error ? (
        <ErrorState error={rules.error} onRetry={() => void rules.refetch()} />
      ) : rules.data.items.length === 0 ? (
        <EmptyState
          icon={<IconWorldWww aria-hidden />}
          title="No domain may join by itself"
          description="Only invited members can sign in with single sign-on. Add your company's e-mail domain above to let its people join as requesters."
        />
      ) : (
        <Table striped aria-label="Sign-in domains">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Domain</Table.Th>
              <Table.Th>Added</Table.Th>
              <Table.Th aria-label="Remove" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.data.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>{r.domain}</Table.Td>
                <Table.Td>{formatDateTime(r.createdAt)}</Table.Td>
                <Table.Td>
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove ${r.domain}`}
                    loading={remove.isPending && remove.variables === r.id}
                    onClick={() => remove.mutate(r.id)}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {remove.error && <ErrorState error={remove.error} />}
    </Page>
  );
}
