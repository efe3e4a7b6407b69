import { useForm } from '@mantine/form';
import { useEffect, useMemo } from 'react';
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
  const refusal = useMemo(() => formErrors(error, fields), [error, fields]);
  const { setErrors } = form;
  useEffect(() => setErrors(refusal.field), [setErrors, refusal]);
  return { form, formError: refusal.form };
}
