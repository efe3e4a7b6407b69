import { Button, Select, Stack, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useApiForm } from '../ui/api-form';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert } from '../ui/error-display';
import { FormActions } from '../ui/form-actions';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useCreateArticle } from './api';
import { ARTICLE_TYPES, type ArticleType, TYPE_LABELS } from './types';

const FIELDS = ['type', 'title'] as const;

export function NewArticleButton({ slug }: { slug: string }) {
  const [opened, setOpened] = useState(false);
  return (
    <>
      <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setOpened(true)}>
        New article
      </Button>
      <Dialog opened={opened} onClose={() => setOpened(false)}>
        <DialogHeader title="New article" />
        <DialogBody>{opened && <NewArticleForm slug={slug} onDone={() => setOpened(false)} />}</DialogBody>
      </Dialog>
    </>
  );
}

function NewArticleForm({ slug, onDone }: { slug: string; onDone: () => void }) {
  const create = useCreateArticle(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const { form, formError } = useApiForm({ type: 'how_to' as ArticleType, title: '' }, create.error, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { type, title } = form.values;
    const body = { type, title };
    create.mutate(
      { ...body, idempotencyKey: keyFor(body) },
      {
        onSuccess: ({ article }) => {
          onDone();
          void navigate({
            to: '/w/$ws/knowledge/$key',
            params: { ws: slug, key: article.key },
            search: { edit: true },
          });
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormAlert message={formError} />
        <Select
          label="Type"
          data={ARTICLE_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
          {...form.getInputProps('type')}
          allowDeselect={false}
        />
        <TextInput label="Title" required {...form.getInputProps('title')} data-autofocus />
        <FormActions onCancel={onDone}>
          <Button type="submit" loading={create.isPending}>
            Create draft
          </Button>
        </FormActions>
      </Stack>
    </form>
  );
}
