import { MultiSelect, type MultiSelectProps } from '@mantine/core';
import { useArticleOptions } from '../systems/api';

/** Picks the knowledge articles a handover session produced, when the session is planned or its notes kept. */
export function ArticlesProducedSelect({
  slug,
  ...input
}: { slug: string } & Omit<MultiSelectProps, 'data'>) {
  const articles = useArticleOptions(slug);
  return (
    <MultiSelect
      label="Articles produced"
      searchable
      {...input}
      data={(articles.data?.items ?? []).map((a) => ({ value: a.id, label: `${a.key} ${a.title}` }))}
    />
  );
}
