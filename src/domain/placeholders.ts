/** Placeholders a canned response may use, and how one is filled from a ticket. Pure. */
export const PLACEHOLDERS = [
  'requester.firstName',
  'requester.name',
  'agent.firstName',
  'agent.name',
  'ticket.key',
  'ticket.subject',
  'service.name',
] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Record<Placeholder, string>;

const PATTERN = /\{\{\s*([A-Za-z.]+)\s*\}\}/g;

/** The placeholders in a body that are not known, in order of appearance (for a 400 naming them). */
export function unknownPlaceholders(body: string): string[] {
  const known: readonly string[] = PLACEHOLDERS;
  return [...new Set([...body.matchAll(PATTERN)].map((m) => m[1]!).filter((name) => !known.includes(name)))];
}

/** The body with each known placeholder replaced; unknown ones are left as written. */
export function fillPlaceholders(body: string, values: PlaceholderValues): string {
  return body.replace(PATTERN, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as Placeholder] : whole,
  );
}

export const firstName = (name: string | null | undefined) => (name ?? '').trim().split(/\s+/)[0] ?? '';
