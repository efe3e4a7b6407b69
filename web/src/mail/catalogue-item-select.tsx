import { Select, type SelectProps } from '@mantine/core';
import { useCatalogue } from '../portal/api';

/** Which catalogue item a channel's new mail becomes a request for (both channel forms ask it). */
export function CatalogueItemSelect({
  slug,
  ...props
}: Omit<SelectProps, 'label' | 'data'> & { slug: string }) {
  const catalogue = useCatalogue(slug);
  return (
    <Select
      label="New mail becomes a request for"
      placeholder={catalogue.isPending ? 'Loading the catalogue…' : 'Choose a catalogue item'}
      data={(catalogue.data?.items ?? []).map((i) => ({ value: i.id, label: i.name }))}
      searchable
      miw={260}
      {...props}
    />
  );
}
