import { Button, Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { usePartyMembers } from '../members/api';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useParties } from '../workspaces/api';
import {
  IMPACT_LABELS,
  LIKELIHOOD_LABELS,
  type NewRisk,
  TREATMENT_LABELS,
  useCreateRisk,
  useRiskCategories,
} from './api';

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
  'source',
] as const;

const scale = (labels: readonly string[]) =>
  labels.map((label, i) => ({ value: String(i + 1), label: `${i + 1} ${label}` }));

export function RaiseRiskDialog({
  slug,
  opened,
  onClose,
  source,
  initialTitle,
}: {
  slug: string;
  opened: boolean;
  onClose: () => void;
  source?: NewRisk['source'];
  initialTitle?: string | undefined;
}) {
  return (
    <Dialog opened={opened} onClose={onClose} size="xl" closeOnClickOutside={false}>
      <RaiseForm slug={slug} onClose={onClose} source={source} initialTitle={initialTitle} />
    </Dialog>
  );
}

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
  const [form, setForm] = useState({
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
  });
  const set = <K extends keyof typeof form>(k: K, v: (typeof form)[K]) => setForm((f) => ({ ...f, [k]: v }));
  const errors = formErrors(create.error, FIELDS);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: NewRisk = {
      title: form.title,
      description: form.description,
      csfCategory: form.csfCategory,
      ceControl: form.ceControl,
      customCategory: form.customCategory.trim() || null,
      inherentLikelihood: Number(form.inherentLikelihood),
      inherentImpact: Number(form.inherentImpact),
      residualLikelihood: Number(form.residualLikelihood),
      residualImpact: Number(form.residualImpact),
      treatment: form.treatment,
      treatmentPartyId: form.treatmentPartyId,
      ownerMembershipId: form.ownerMembershipId ?? '',
      reviewOn: form.reviewOn || null,
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
    <>
      <DialogHeader title={source ? `Raise a risk from ${source.key}` : 'Raise a risk'} />
      <DialogBody>
        <form onSubmit={submit} noValidate>
          <Stack gap="sm">
            <FormAlert message={errors.form} />
            <TextInput
              label="Title"
              required
              value={form.title}
              onChange={(e) => set('title', e.currentTarget.value)}
              error={errors.field.title}
              data-autofocus
            />
            <Textarea
              label="Description"
              autosize
              minRows={2}
              value={form.description}
              onChange={(e) => set('description', e.currentTarget.value)}
              error={errors.field.description}
            />
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="NIST CSF 2.0 category"
                searchable
                clearable
                value={form.csfCategory}
                onChange={(v) => set('csfCategory', v)}
                data={(categories?.csfFunctions ?? []).map((f) => ({
                  group: f.name,
                  items: f.categories.map((c) => ({ value: c.id, label: `${c.id} ${c.name}` })),
                }))}
                error={errors.field.csfCategory}
              />
              <Select
                label="Cyber Essentials control"
                clearable
                value={form.ceControl}
                onChange={(v) => set('ceControl', v)}
                data={(categories?.cyberEssentialsControls ?? []).map((c) => ({
                  value: c.key,
                  label: c.name,
                }))}
                error={errors.field.ceControl}
              />
              <TextInput
                label="Custom category"
                description="When neither framework fits"
                value={form.customCategory}
                onChange={(e) => set('customCategory', e.currentTarget.value)}
                error={errors.field.customCategory}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 2, sm: 4 }}>
              <Select
                label="Inherent likelihood"
                data={scale(LIKELIHOOD_LABELS)}
                value={form.inherentLikelihood}
                onChange={(v) => set('inherentLikelihood', v ?? '3')}
                allowDeselect={false}
                error={errors.field.inherentLikelihood}
              />
              <Select
                label="Inherent impact"
                data={scale(IMPACT_LABELS)}
                value={form.inherentImpact}
                onChange={(v) => set('inherentImpact', v ?? '3')}
                allowDeselect={false}
                error={errors.field.inherentImpact}
              />
              <Select
                label="Residual likelihood"
                data={scale(LIKELIHOOD_LABELS)}
                value={form.residualLikelihood}
                onChange={(v) => set('residualLikelihood', v ?? '2')}
                allowDeselect={false}
                error={errors.field.residualLikelihood}
              />
              <Select
                label="Residual impact"
                data={scale(IMPACT_LABELS)}
                value={form.residualImpact}
                onChange={(v) => set('residualImpact', v ?? '3')}
                allowDeselect={false}
                error={errors.field.residualImpact}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 3 }}>
              <Select
                label="Risk owner"
                description="A person of the internal party"
                required
                searchable
                value={form.ownerMembershipId}
                onChange={(v) => set('ownerMembershipId', v)}
                data={owners.map((m) => ({ value: m.id, label: m.account.name }))}
                error={errors.field.ownerMembershipId}
              />
              <Select
                label="Treatment"
                value={form.treatment}
                onChange={(v) => set('treatment', (v ?? 'mitigate') as NewRisk['treatment'])}
                allowDeselect={false}
                data={(['mitigate', 'transfer', 'avoid'] as const).map((t) => ({
                  value: t,
                  label: TREATMENT_LABELS[t],
                }))}
                description="Accepting is a decision, taken on the risk's page"
                error={errors.field.treatment}
              />
              <Select
                label="Party carrying out the treatment"
                clearable
                value={form.treatmentPartyId}
                onChange={(v) => set('treatmentPartyId', v)}
                data={parties.map((p) => ({ value: p.id, label: p.name }))}
                error={errors.field.treatmentPartyId}
              />
            </SimpleGrid>
            <TextInput
              type="date"
              label="Review date"
              value={form.reviewOn}
              onChange={(e) => set('reviewOn', e.currentTarget.value)}
              error={errors.field.reviewOn}
              w={220}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                Cancel
              </Button>
              <Button type="submit" loading={create.isPending}>
                Raise risk
              </Button>
            </Group>
          </Stack>
        </form>
      </DialogBody>
    </>
  );
}
