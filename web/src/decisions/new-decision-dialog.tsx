import { Alert, Divider, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconScale } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { ApiError } from '../ui/api-client';
import { useApiForm } from '../ui/api-form';
import type { WorkspaceDetail } from '../ui/api-types';
import { formDialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { LimitedTextInput } from '../ui/limited-input';
import { LimitedTextarea } from '../ui/limited-textarea';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { type DecisionLink, type DecisionOption, type DecisionType, useProposeDecision } from './api';
import { LinksEditor, OptionsEditor, type Row } from './decision-form-lists';

type Membership = WorkspaceDetail['membership'];

/** The types this member may propose: staff (not viewers) of a party kind the type lists as proposer. */
export function proposableTypes(types: DecisionType[], membership: Membership | undefined): DecisionType[] {
  if (!membership?.partyKind || membership.role === 'viewer' || membership.role === 'requester') return [];
  const kind = membership.partyKind;
  return types.filter((t) => t.proposerKinds.includes(kind));
}

interface NewDecisionFormProps {
  slug: string;
  types: DecisionType[];
  membership: Membership;
  onClose: () => void;
}

export const NewDecisionDialog = formDialog(NewDecisionForm, 'lg');

const FIELDS = ['typeKey', 'title', 'context', 'recommendation', 'options', 'links'] as const;

function NewDecisionForm({ slug, types, membership, onClose }: NewDecisionFormProps) {
  const available = proposableTypes(types, membership);
  const propose = useProposeDecision(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const { form, formError } = useApiForm(
    {
      typeKey: null as string | null,
      title: '',
      context: '',
      recommendation: '',
      options: [] as Row<DecisionOption>[],
      links: [] as Row<DecisionLink>[],
    },
    propose.error,
    FIELDS,
  );
  const { typeKey, title, context, recommendation, options, links } = form.values;
  const issues = propose.error ? formErrorsByPath(propose.error) : new Map<string, string>();
  const type = available.find((t) => t.key === typeKey);
  // Rows the server would refuse: an option or link without a label, a link that is not a web address.
  const incomplete =
    options.some((o) => !o.label.trim()) ||
    links.some((l) => !l.label.trim() || !/^https?:\/\/\S+$/i.test(l.url.trim()));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!typeKey) return;
    const body = {
      typeKey,
      title: title.trim(),
      context: context.trim(),
      recommendation: recommendation.trim(),
      options: options.map(({ label, description }) => ({
        label: label.trim(),
        description: description.trim(),
      })),
      links: links.map(({ label, url }) => ({ label: label.trim(), url: url.trim() })),
    };
    propose.mutate(
      { ...body, key: keyFor(body) },
      {
        onSuccess: ({ decision }) => {
          notifications.show({
            color: 'teal',
            message: `${decision.key} is waiting for ${type?.deciderDescription ?? 'a decision'}.`,
          });
          onClose();
          void navigate({
            to: '/w/$ws/decisions/$number',
            params: { ws: slug, number: String(decision.number) },
          });
        },
      },
    );
  }

  return (
    <DialogForm
      title="New decision request"
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Send for decision"
      pending={propose.isPending}
      disabled={!typeKey || !title.trim() || incomplete}
      actionsGap="xs"
    >
      <Select
        label="Type of decision"
        description="The type sets who decides; the right is enforced when someone approves."
        placeholder="Pick a type"
        required
        searchable
        data={available.map((t) => ({ value: t.key, label: t.name }))}
        renderOption={({ option }) => {
          const t = available.find((x) => x.key === option.value);
          return (
            <div>
              <Text size="sm">{option.label}</Text>
              <Text size="xs" c="dimmed">
                Decided by {t?.deciderDescription}
              </Text>
            </div>
          );
        }}
        {...form.getInputProps('typeKey')}
        data-autofocus
      />
      {type && (
        <Alert
          color="blue"
          variant="light"
          icon={<IconScale aria-hidden />}
          title={`Decided by ${type.deciderDescription}`}
        >
          <Text size="sm">{type.description}</Text>
          {type.consultedKinds.length > 0 && (
            <Text size="xs" mt={4}>
              Consulted: {type.consultedKinds.join(' and ')} staff, in the discussion.
            </Text>
          )}
          {type.recordWithDecision.length > 0 && (
            <Text size="xs" mt={4}>
              Record with it: {type.recordWithDecision.join('; ')}.
            </Text>
          )}
        </Alert>
      )}
      <LimitedTextInput
        label="Title"
        description="The question, in one line"
        required
        limit={200}
        {...form.getInputProps('title')}
      />
      <LimitedTextarea
        label="Context"
        description="What the decider needs to know: the situation, costs, risks, deadlines"
        autosize
        minRows={3}
        maxRows={10}
        limit={20000}
        {...form.getInputProps('context')}
      />
      <Divider />
      <OptionsEditor
        rows={options}
        onChange={(rows) => form.setFieldValue('options', rows)}
        errorFor={(path) => issues.get(path)}
      />
      <LimitedTextarea
        label="Recommendation"
        description="What you would choose, and why"
        autosize
        minRows={2}
        maxRows={6}
        limit={5000}
        {...form.getInputProps('recommendation')}
      />
      <Divider />
      <LinksEditor
        rows={links}
        onChange={(rows) => form.setFieldValue('links', rows)}
        errorFor={(path) => issues.get(path)}
      />
      <FormAlert message={formError} title="Not sent" />
    </DialogForm>
  );
}

/** Field messages by their full path ("links.0.url"), for the rows of the option and link lists. */
function formErrorsByPath(error: unknown): Map<string, string> {
  const map = new Map<string, string>();
  const issues = error instanceof ApiError ? error.fieldIssues : [];
  for (const issue of issues) if (!map.has(issue.path)) map.set(issue.path, issue.message);
  return map;
}
