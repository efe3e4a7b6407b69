import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Dialog, DialogBody, DialogHeader } from '../ui/dialog';
import { FormAlert, formErrors } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useCreateArticle } from './api';
import { ARTICLE_TYPES, type ArticleType, TYPE_LABELS } from './types';

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
  const [type, setType] = useState<ArticleType>('how_to');
  const [title, setTitle] = useState('');
  const create = useCreateArticle(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const errors = formErrors(create.error, ['type', 'title'] as const);
  const submit = (event: FormEvent) => {
    event.preventDefault();
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
    <form onSubmit={submit}>
      <Stack>
        <FormAlert message={errors.form} />
        <Select
          label="Type"
          data={ARTICLE_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
          value={type}
          onChange={(v) => v && setType(v as ArticleType)}
          allowDeselect={false}
          error={errors.field.type}
        />
        <TextInput
          label="Title"
          required
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          error={errors.field.title}
          data-autofocus
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create draft
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
