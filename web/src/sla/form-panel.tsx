import { Paper, Title } from '@mantine/core';
import type { FormEvent, ReactNode } from 'react';

/** One of the SLA page's "Add a …" forms: a bordered panel named by its heading. */
export function FormPanel({
  id,
  title,
  onSubmit,
  children,
}: {
  id: string;
  title: string;
  onSubmit: (event: FormEvent) => void;
  children: ReactNode;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="form" noValidate onSubmit={onSubmit} aria-labelledby={id}>
      <Title order={2} size="h4" id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}
