import { useForm } from '@mantine/form';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { formErrors } from './error-display';

type Fields<Values> = keyof Values & string;

/**
 * A form whose inputs Mantine's useForm binds (`{...form.getInputProps('title')}`) and whose field errors
 * come from the API's last refusal: each field named in `fields` shows its message until it is edited,
 * and what belongs to no field is `formError`. A field holding a list or a group (`hours.mon`,
 * `attendees.2.attended`) loses its message when any part of it is edited. `rename` puts a server
 * field's message on the form field that holds it under another name (`{ durationMinutes: 'hours' }`);
 * a server field the form builds from several (`{ actions: ['notifyLeads', 'raise'] }`) keeps its
 * message under its own name until any of them is edited.
 */
export function useApiForm<Values extends Record<string, unknown>, Field extends string>(
  initialValues: Values,
  error: unknown,
  fields: readonly Field[],
  rename: Partial<Record<NoInfer<Field>, Fields<Values> | readonly Fields<Values>[]>> = {},
) {
  // The refusal is split again only when a new one arrives: a field list written inline (a new array
  // each render) must not set the errors, and so render, again and again.
  const fieldsRef = useRef({ fields, rename });
  fieldsRef.current = { fields, rename };
  const clearError = useRef<(path: string) => void>(() => {});
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues,
    // Mantine clears the exact path edited; a message on the whole list or group, or on the server
    // field several of these make, goes when any part of it changes (an edit makes a new top value).
    onValuesChange: (values, previous) => {
      for (const key of Object.keys(values)) {
        if (values[key] === previous[key]) continue;
        clearError.current(key);
        for (const [server, local] of Object.entries(fieldsRef.current.rename))
          if (Array.isArray(local) && local.includes(key)) clearError.current(server);
      }
    },
  });
  clearError.current = form.clearFieldError;
  const refusal = useMemo(() => {
    const split = formErrors(error, fieldsRef.current.fields);
    const field: Record<string, string | undefined> = { ...split.field };
    for (const [server, local] of Object.entries(fieldsRef.current.rename)) {
      if (field[server] === undefined || typeof local !== 'string') continue;
      field[local] = field[server];
      delete field[server];
    }
    return { field, form: split.form };
  }, [error]);
  const { setErrors } = form;
  // Before the browser paints: a form that focuses its first refused field finds it marked.
  useLayoutEffect(() => setErrors(refusal.field), [setErrors, refusal]);
  /** The message on a field no input shows itself (a whole list, a group): for a FormAlert beside it. */
  const fieldError = (field: string): string | null => {
    const message = form.errors[field];
    return typeof message === 'string' ? message : null;
  };
  return { form, formError: refusal.form, fieldError };
}
