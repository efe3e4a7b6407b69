import { SimpleGrid, Stack, Text } from '@mantine/core';
import type { CatalogueField } from '../tickets/types';
import { formatDate } from '../ui/format';
import { TitledSection } from '../ui/titled-section';
import { useCatalogue } from './api';

function display(field: CatalogueField | undefined, value: unknown): string {
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (field?.type === 'date' && typeof value === 'string') return formatDate(value);
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}

/** The request as it was asked: description and the answers to the catalogue item's extra fields. */
export function RequestBody({
  slug,
  description,
  catalogueItemId,
  fieldValues,
}: {
  slug: string;
  description: string;
  catalogueItemId: string | null;
  fieldValues: Record<string, unknown>;
}) {
  const catalogue = useCatalogue(slug);
  const item = catalogue.data?.items.find((i) => i.id === catalogueItemId);
  const answers = Object.entries(fieldValues);
  const fieldOf = (name: string) => item?.fields.find((f) => f.name === name);
  // Answers in the order the form asked them; names the item no longer has come last.
  const order = (name: string) => {
    const index = item?.fields.findIndex((f) => f.name === name) ?? -1;
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  answers.sort(([a], [b]) => order(a) - order(b));

  return (
    <TitledSection title="Request">
      <Stack gap="sm">
        {item && (
          <Text size="xs" c="dimmed">
            Asked through “{item.name}”
          </Text>
        )}
        <Text
          size="sm"
          style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
          c={description ? undefined : 'dimmed'}
        >
          {description || 'No description was given.'}
        </Text>
        {answers.length > 0 && (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" component="dl" m={0}>
            {answers.map(([name, value]) => (
              <div key={name}>
                <Text component="dt" size="xs" c="dimmed" fw={600}>
                  {fieldOf(name)?.label ?? name}
                </Text>
                <Text
                  component="dd"
                  size="sm"
                  m={0}
                  style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                >
                  {display(fieldOf(name), value)}
                </Text>
              </div>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </TitledSection>
  );
}
