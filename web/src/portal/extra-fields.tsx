import { Checkbox, Select, Text, TextInput } from '@mantine/core';
import type { ReactNode } from 'react';
import type { CatalogueField } from '../tickets/types';
import { LimitedTextInput } from '../ui/limited-input';
import { LimitedTextarea } from '../ui/limited-textarea';
import { NumberField } from '../ui/number-field';

export type FieldValues = Record<string, string | number | boolean | undefined>;

/** Starting answers: checkboxes unticked, everything else empty. */
export function initialValues(fields: CatalogueField[]): FieldValues {
  return Object.fromEntries(fields.map((f) => [f.name, f.type === 'checkbox' ? false : undefined]));
}

/** The answers to send: empty ones left out, so the server can say which required one is missing. */
export function answersOf(fields: CatalogueField[], values: FieldValues): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const value = values[field.name];
    if (typeof value === 'string') {
      if (value.trim()) out[field.name] = value.trim();
    } else if (value !== undefined) {
      out[field.name] = value;
    }
  }
  return out;
}

/** Required answers that are missing, checked before sending (the server checks again). */
export function missingRequired(fields: CatalogueField[], values: FieldValues): Record<string, string> {
  const missing: Record<string, string> = {};
  for (const field of fields) {
    if (!field.required) continue;
    const value = values[field.name];
    const empty =
      field.type === 'checkbox' ? value !== true : value === undefined || String(value).trim() === '';
    if (empty) missing[field.name] = `${field.label} is required.`;
  }
  return missing;
}

interface ExtraFieldsProps {
  fields: CatalogueField[];
  values: FieldValues;
  /** By field name: a Mantine input's error (useApiForm's form.errors holds ReactNode). */
  errors: Record<string, ReactNode>;
  onChange: (name: string, value: string | number | boolean | undefined) => void;
}

/** The catalogue item's own questions, each rendered by its type. */
export function ExtraFields({ fields, values, errors, onChange }: ExtraFieldsProps) {
  return (
    <>
      {fields.map((field) => {
        const common = {
          label: field.label,
          required: field.required,
          error: errors[field.name],
        };
        const value = values[field.name];
        switch (field.type) {
          case 'textarea':
            return (
              <LimitedTextarea
                key={field.name}
                {...common}
                autosize
                minRows={3}
                maxRows={10}
                limit={10000}
                value={typeof value === 'string' ? value : ''}
                onChange={(event) => onChange(field.name, event.currentTarget.value)}
              />
            );
          case 'number':
            return (
              <NumberField
                key={field.name}
                {...common}
                value={typeof value === 'number' ? value : ''}
                onChange={(next) => onChange(field.name, typeof next === 'number' ? next : undefined)}
                w={{ base: '100%', xs: 220 }}
              />
            );
          case 'date':
            return (
              <TextInput
                key={field.name}
                {...common}
                type="date"
                value={typeof value === 'string' ? value : ''}
                onChange={(event) => onChange(field.name, event.currentTarget.value || undefined)}
                w={{ base: '100%', xs: 220 }}
              />
            );
          case 'select':
            return (
              <Select
                key={field.name}
                {...common}
                placeholder="Choose one"
                data={field.options ?? []}
                value={typeof value === 'string' ? value : null}
                onChange={(next) => onChange(field.name, next ?? undefined)}
                clearable={!field.required}
                w={{ base: '100%', xs: 320 }}
              />
            );
          case 'checkbox':
            return (
              <Checkbox
                key={field.name}
                label={
                  <>
                    {field.label}
                    {field.required && (
                      <Text span c="red.7" aria-hidden>
                        {' '}
                        *
                      </Text>
                    )}
                  </>
                }
                required={field.required}
                error={errors[field.name]}
                checked={value === true}
                onChange={(event) => onChange(field.name, event.currentTarget.checked)}
              />
            );
          default:
            return (
              <LimitedTextInput
                key={field.name}
                {...common}
                limit={10000}
                value={typeof value === 'string' ? value : ''}
                onChange={(event) => onChange(field.name, event.currentTarget.value)}
              />
            );
        }
      })}
    </>
  );
}

/** After a refused submit, moves focus to the first field marked invalid, so keyboard users land on it. */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => {
    form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  });
}
