import { Select, type SelectProps } from '@mantine/core';
import { IMPACT_LABELS, LIKELIHOOD_LABELS } from './api';

const scale = (labels: readonly string[]) =>
  labels.map((label, i) => ({ value: String(i + 1), label: `${i + 1} ${label}` }));
const SCALES = { likelihood: scale(LIKELIHOOD_LABELS), impact: scale(IMPACT_LABELS) };

/** A 1–5 rating of likelihood or impact, as the raise form and the review form both ask it. */
export function RatingSelect({
  scale: which,
  ...props
}: Omit<SelectProps, 'data' | 'allowDeselect'> & { scale: keyof typeof SCALES }) {
  return <Select data={SCALES[which]} {...props} allowDeselect={false} />;
}
