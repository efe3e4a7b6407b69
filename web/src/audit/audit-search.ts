export interface AuditSearch {
  action?: string;
  entityType?: string;
  entityId?: string;
  actorAccountId?: string;
  /** Local dates, YYYY-MM-DD, as the date inputs give them. */
  from?: string;
  to?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  const out: AuditSearch = {};
  for (const key of ['action', 'entityType', 'entityId', 'actorAccountId'] as const) {
    const value = text(search[key]);
    if (value) out[key] = value;
  }
  for (const key of ['from', 'to'] as const) {
    const value = search[key];
    if (typeof value === 'string' && DATE.test(value)) out[key] = value;
  }
  return out;
}

/** The API wants instants; the page picks whole local days, from the start of one to the end of the other. */
export function toApiQuery(search: AuditSearch): Record<string, string | undefined> {
  const startOf = (day: string) => new Date(`${day}T00:00:00`).toISOString();
  const endOf = (day: string) => new Date(`${day}T23:59:59.999`).toISOString();
  return {
    action: search.action,
    entityType: search.entityType,
    entityId: search.entityId,
    actorAccountId: search.actorAccountId,
    from: search.from ? startOf(search.from) : undefined,
    to: search.to ? endOf(search.to) : undefined,
  };
}
