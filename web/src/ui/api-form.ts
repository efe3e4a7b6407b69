import { useForm } from '@mantine/form';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { formErrors } from './error-display';

/**
 * A form whose inputs Mantine's useForm binds (`{...form.getInputProps('title')}`) and whose field errors
 * come from the API's last refusal: each field named in `fields` shows its message until it is edited,
 * and what belongs to no field is `formError`. `rename` puts a server field's message on the form field
 * that holds it under another name (`{ durationMinutes: 'hours' }`), so it too clears when edited.
 */
export function useApiForm<Values extends Record<string, unknown>, Field extends string>(
  initialValues: Values,
  error: unknown,
  fields: readonly Field[],
  rename: Partial<Record<NoInfer<Field>, keyof Values & string>> = {},
) {
  const form = useForm<Values>({ mode: 'controlled', initialValues });
  // The refusal is split again only when a new one arrives: a field list written inline (a new array
  // each render) must not set the errors, and so render, again and again.
  const fieldsRef = useRef({ fields, rename });
  fieldsRef.current = { fields, rename };
  const refusal = useMemo(() => {
    const split = formErrors(error, fieldsRef.current.fields);
    const field: Record<string, string | undefined> = { ...split.field };
    for (const [server, local] of Object.entries(fieldsRef.current.rename) as [Field, string][]) {
      if (field[server] === undefined) continue;
      field[local] = field[server];
      delete field[server];
    }
    return { field, form: split.form };
  }, [error]);
  const { setErrors } = form;
  // Before the browser paints: a form that focuses its first refused field finds it marked.
  useLayoutEffect(() => setErrors(refusal.field), [setErrors, refusal]);
  return { form, formError: refusal.form };
}
