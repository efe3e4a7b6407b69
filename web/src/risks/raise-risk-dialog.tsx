import { Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import type { FormEvent } from 'react';
import { usePartyMembers } from '../members/api';
import { useApiForm } from '../ui/api-form';
import { formDialog } from '../ui/dialog';
import { DialogForm } from '../ui/dialog-form';
import { FormAlert } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useParties } from '../workspaces/api';
import { type NewRisk, TREATMENT_LABELS, useCreateRisk, useRiskCategories } from './api';
import { RatingSelect } from './rating-select';

const FIELDS = [
  'title',
  'description',
  'csfCategory',
  'ceControl',
  'customCategory',
  'inherentLikelihood',
  'inherentImpact',
  'residualLikelihood',
  'residualImpact',
  'treatment',
  'treatmentPartyId',
  'ownerMembershipId',
  'reviewOn',
] as const;

export const RaiseRiskDialog = formDialog(RaiseForm, 'xl');

function RaiseForm({
  slug,
  onClose,
  source,
  initialTitle,
}: {
  slug: string;
  onClose: () => void;
  source?: NewRisk['source'];
  initialTitle?: string | undefined;
}) {
  const parties = useParties(slug).data?.items ?? [];
  const internal = parties.find((p) => p.kind === 'internal') ?? null;
  const owners = usePartyMembers(slug, internal?.id ?? null).data?.items ?? [];
  const categories = useRiskCategories(slug).data;
  const create = useCreateRisk(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const { form, formError } = useApiForm(
    {
      title: initialTitle ?? '',
      description: '',
      csfCategory: null as string | null,
      ceControl: null as string | null,
      customCategory: '',
      inherentLikelihood: '3',
      inherentImpact: '3',
      residualLikelihood: '2',
      residualImpact: '3',
      treatment: 'mitigate' as NewRisk['treatment'],
      treatmentPartyId: null as string | null,
      ownerMembershipId: null as string | null,
      reviewOn: '',
    },
    create.error,
    FIELDS,
  );
  const f = form.values;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: NewRisk = {
      title: f.title,
      description: f.description,
      csfCategory: f.csfCategory,
      ceControl: f.ceControl,
      customCategory: f.customCategory.trim() || null,
      inherentLikelihood: Number(f.inherentLikelihood),
      inherentImpact: Number(f.inherentImpact),
      residualLikelihood: Number(f.residualLikelihood),
      residualImpact: Number(f.residualImpact),
      treatment: f.treatment,
      treatmentPartyId: f.treatmentPartyId,
      ownerMembershipId: f.ownerMembershipId ?? '',
      reviewOn: f.reviewOn || null,
      ...(source && { source }),
    };
    create.mutate(
      { body, idempotencyKey: keyFor(body) },
      {
        onSuccess: (data) => {
          notifications.show({ color: 'green', message: `${data.risk.key} raised.` });
          onClose();
          void navigate({ to: '/w/$ws/risks/$key', params: { ws: slug, key: data.risk.key } });
        },
      },
    );
  };

  return (
    <DialogForm
      title={source ? `Raise a risk from ${source.key}` : 'Raise a risk'}
      onSubmit={submit}
      onCancel={onClose}
      submitLabel="Raise risk"
      pending={create.isPending}
      gap="sm"
    >
      <FormAlert message={formError} />
      <TextInput label="Title" required {...form.getInputProps('title')} data-autofocus />
      <Textarea label="Description" autosize minRows={2} {...form.getInputProps('description')} />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label="NIST CSF 2.0 category"
          searchable
          clearable
          {...form.getInputProps('csfCategory')}
          data={(categories?.csfFunctions ?? []).map((fn) => ({
            group: fn.name,
            items: fn.categories.map((c) => ({ value: c.id, label: `${c.id} ${c.name}` })),
          }))}
        />
        <Select
          label="Cyber Essentials control"
          clearable
          {...form.getInputProps('ceControl')}
          data={(categories?.cyberEssentialsControls ?? []).map((c) => ({
            value: c.key,
            label: c.name,
          }))}
        />
        <TextInput
          label="Custom category"
          description="When neither framework fits"
          {...form.getInputProps('customCategory')}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 2, sm: 4 }}>
        <RatingSelect
          label="Inherent likelihood"
          scale="likelihood"
          {...form.getInputProps('inherentLikelihood')}
        />
        <RatingSelect label="Inherent impact" scale="impact" {...form.getInputProps('inherentImpact')} />
        <RatingSelect
          label="Residual likelihood"
          scale="likelihood"
          {...form.getInputProps('residualLikelihood')}
        />
        <RatingSelect label="Residual impact" scale="impact" {...form.getInputProps('residualImpact')} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label="Risk owner"
          description="A person of the internal party"
          required
          searchable
          {...form.getInputProps('ownerMembershipId')}
          data={owners.map((m) => ({ value: m.id, label: m.account.name }))}
        />
        <Select
          label="Treatment"
          {...form.getInputProps('treatment')}
          allowDeselect={false}
          data={(['mitigate', 'transfer', 'avoid'] as const).map((t) => ({
            value: t,
            label: TREATMENT_LABELS[t],
          }))}
          description="Accepting is a decision, taken on the risk's page"
        />
        <Select
          label="Party carrying out the treatment"
          clearable
          {...form.getInputProps('treatmentPartyId')}
          data={parties.map((p) => ({ value: p.id, label: p.name }))}
        />
      </SimpleGrid>
      <TextInput type="date" label="Review date" {...form.getInputProps('reviewOn')} w={220} />
    </DialogForm>
  );
}
