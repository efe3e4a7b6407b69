export interface IncidentsSearch {
  /** Opens the declare dialog with this ticket key filled in (from a ticket's page). */
  declare?: string;
  status?: 'open' | 'resolved';
}

export function validateIncidentsSearch(search: Record<string, unknown>): IncidentsSearch {
  const declare =
    typeof search.declare === 'string' && /^[\w-]{0,30}$/.test(search.declare) ? search.declare : undefined;
  const status = search.status === 'open' || search.status === 'resolved' ? search.status : undefined;
  return { ...(declare !== undefined && { declare }), ...(status && { status }) };
}
