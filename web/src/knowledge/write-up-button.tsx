import { Button, Group, Paper, Select, Stack, Text, Title } from '@mantine/core';
import { IconFileText } from '@tabler/icons-react';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { errorMessage, FormAlert } from '../ui/error-display';
import { useIdempotencyKey } from '../ui/use-idempotency-key';
import { useWriteUp } from './api';
import { ARTICLE_TYPES, type ArticleType, TYPE_LABELS } from './types';

/** On a resolved ticket: turn what was learnt into a draft article, linked back to the ticket. */
export function WriteUpCard({ slug, ticketKey }: { slug: string; ticketKey: string }) {
  const [type, setType] = useState<ArticleType>('how_to');
  const writeUp = useWriteUp(slug);
  const keyFor = useIdempotencyKey();
  const navigate = useNavigate();
  const submit = () => {
    const body = { ticket: ticketKey, type };
    writeUp.mutate(
      { ...body, idempotencyKey: keyFor(body) },
      {
        onSuccess: ({ article }) =>
          void navigate({
            to: '/w/$ws/knowledge/$key',
            params: { ws: slug, key: article.key },
            search: { edit: true },
          }),
      },
    );
  };
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby="write-up-title">
      <Stack gap="xs">
        <Title order={2} size="h5" id="write-up-title">
          Keep what was learnt
        </Title>
        <Text size="sm" c="dimmed">
          Start a draft article from this ticket: its problem, resolution and shared comments.
        </Text>
        <FormAlert message={writeUp.isError ? errorMessage(writeUp.error) : null} />
        <Group gap="xs" align="flex-end">
          <Select
            label="Article type"
            data={ARTICLE_TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))}
            value={type}
            onChange={(v) => v && setType(v as ArticleType)}
            allowDeselect={false}
            style={{ flex: 1 }}
          />
          <Button
            leftSection={<IconFileText size={16} aria-hidden />}
            onClick={submit}
            loading={writeUp.isPending}
          >
            Write this up
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
