import { Anchor, Badge, Button, Group, List, Paper, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { Dialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextarea } from '../ui/limited-textarea';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import {
  CLAUSE_TITLES,
  type ClauseKind,
  type ClauseView,
  type Engagement,
  termsOf,
  useChangeTerms,
} from './api';

/** One clause: its text, its structured details and where Tandem enforces it; edit or propose a change. */
export function ClauseCard({
  slug,
  engagement,
  clause,
}: {
  slug: string;
  engagement: Engagement;
  clause: ClauseView;
}) {
  const [editing, setEditing] = useState(false);
  const { edit, propose } = engagement.abilities;
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-labelledby={`clause-${clause.kind}`}>
      <Group justify="space-between" align="flex-start">
        <Title order={3} size="h5" id={`clause-${clause.kind}`}>
          {clause.title}
        </Title>
        {(edit || propose) && (
          <Button
            size="xs"
            variant="subtle"
            leftSection={<IconPencil size={14} aria-hidden />}
            onClick={() => setEditing(true)}
            aria-label={`${edit ? 'Edit' : 'Propose a change to'} ${clause.title}`}
          >
            {edit ? 'Edit' : 'Propose a change'}
          </Button>
        )}
      </Group>
      <Text mt={4} style={{ whiteSpace: 'pre-wrap' }} data-testid={`clause-text-${clause.kind}`}>
        {clause.text}
      </Text>
      <Details clause={clause} />
      <Text size="sm" c="dimmed" mt="xs" component="div">
        Enforced in Tandem by:{' '}
        {clause.enforcedBy.length === 0
          ? 'the contract alone (no record in Tandem carries it)'
          : clause.enforcedBy.map((link, i) => (
              <span key={`${link.label}${link.path ?? ''}`}>
                {i > 0 && ' · '}
                {link.path ? <Anchor href={`/w/${slug}${link.path}`}>{link.label}</Anchor> : link.label}
              </span>
            ))}
      </Text>
      <Dialog opened={editing} onClose={() => setEditing(false)} size="lg" closeOnClickOutside={false}>
        {editing && (
          <EditClause
            slug={slug}
            engagement={engagement}
            kind={clause.kind}
            title={clause.title}
            current={clause.text}
            onClose={() => setEditing(false)}
          />
        )}
      </Dialog>
    </Paper>
  );
}

function Details({ clause }: { clause: ClauseView }) {
  const items = [
    ...(clause.subcontractors ?? []).map((s) => `${s.name}: ${s.reach}`),
    ...(clause.noticeDays !== undefined ? [`Notice: ${clause.noticeDays} days`] : []),
    ...(clause.deliverables ?? []).map((d) => `Handover: ${d}`),
  ];
  if (items.length === 0) return null;
  return (
    <List size="sm" mt={4}>
      {items.map((item) => (
        <List.Item key={item}>{item}</List.Item>
      ))}
    </List>
  );
}

/** A clause not yet on record: the internal lead adds it, the provider proposes it. */
export function AddClause({
  slug,
  engagement,
  kind,
}: {
  slug: string;
  engagement: Engagement;
  kind: ClauseKind;
}) {
  const [adding, setAdding] = useState(false);
  const title = CLAUSE_TITLES[kind];
  const { edit, propose } = engagement.abilities;
  if (!edit && !propose) return <Badge variant="outline">{title}</Badge>;
  return (
    <>
      <Button
        size="compact-xs"
        variant="light"
        leftSection={<IconPlus size={12} aria-hidden />}
        onClick={() => setAdding(true)}
      >
        {title}
      </Button>
      <Dialog opened={adding} onClose={() => setAdding(false)} size="lg" closeOnClickOutside={false}>
        {adding && (
          <EditClause
            slug={slug}
            engagement={engagement}
            kind={kind}
            title={title}
            current=""
            onClose={() => setAdding(false)}
          />
        )}
      </Dialog>
    </>
  );
}

const CLAUSE_FIELDS = ['text'] as const;

function EditClause({
  slug,
  engagement,
  kind,
  title,
  current,
  onClose,
}: {
  slug: string;
  engagement: Engagement;
  kind: ClauseKind;
  title: string;
  current: string;
  onClose: () => void;
}) {
  const clause = { kind, title, text: current };
  const change = useChangeTerms(slug, engagement);
  const keyFor = useIdempotencyKey();
  const { form, formError } = useApiForm({ text: current }, change.error, CLAUSE_FIELDS);
  const { text } = form.values;
  const direct = engagement.abilities.edit;
  function submit(event: FormEvent) {
    event.preventDefault();
    const terms = termsOf(engagement);
    terms.clauses = terms.clauses.some((c) => c.kind === kind)
      ? terms.clauses.map((c) => (c.kind === kind ? { ...c, text: text.trim() } : c))
      : [...terms.clauses, { kind, text: text.trim() }];
    change.mutate(
      { terms, idempotencyKey: keyFor(terms) },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            message: direct
              ? `${clause.title} saved as version ${engagement.currentVersion + 1}.`
              : `Your change to ${clause.title} is proposed; the internal IT lead approves or rejects it.`,
          });
          onClose();
        },
      },
    );
  }
  return (
    <DialogForm
      title={direct ? `Edit ${clause.title}` : `Propose a change to ${clause.title}`}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel={direct ? 'Save' : 'Propose'}
      pending={change.isPending}
      disabled={!text.trim() || text.trim() === clause.text}
      gap="sm"
    >
      <FormAlert message={formError} />
      <LimitedTextarea
        label="Clause text"
        autosize
        minRows={4}
        limit={10000}
        required
        {...form.getInputProps('text')}
        data-autofocus
      />
      <Text size="sm" c="dimmed">
        {direct
          ? 'Saving makes a new version of the terms at once.'
          : 'A provider’s edit is a proposal: the terms change when the internal IT lead approves it.'}
      </Text>
    </DialogForm>
  );
}
