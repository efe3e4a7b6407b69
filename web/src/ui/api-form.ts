import { useForm } from '@mantine/form';
import { useLayoutEffect, useMemo, useRef } from 'react';
import { formErrors } from './error-display';

/**
 * A form whose inputs Mantine's useForm binds (`{...form.getInputProps('title')}`) and whose field errors
 * come from the API's last refusal: each field named in `fields` shows its message until it is edited,
 * and what belongs to no field is `formError`. A server field with another name in the form is shown
 * with `error={form.errors.<server name>}` on its input.
 */
export function useApiForm<Values extends Record<string, unknown>, Field extends string>(
  initialValues: Values,
  error: unknown,
  fields: readonly Field[],
) {
  const form = useForm<Values>({ mode: 'controlled', initialValues });
  // The refusal is split again only when a new one arrives: a field list written inline (a new array
  // each render) must not set the errors, and so render, again and again.
  const fieldsRef = useRef(fields);
  fieldsRef.current = fields;
  const refusal = useMemo(() => formErrors(error, fieldsRef.current), [error]);
  const { setErrors } = form;
  // Before the browser paints: a form that focuses its first refused field finds it marked.
  useLayoutEffect(() => setErrors(refusal.field), [setErrors, refusal]);
  return { form, formError: refusal.form };
}
