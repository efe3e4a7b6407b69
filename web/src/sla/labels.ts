/** Business minutes as days of work are ambiguous; hours and minutes are what a clock shows. */
export function formatBusinessMinutes(minutes: number): string {
  const m = Math.round(minutes);
  const hours = Math.floor(m / 60);
  const rest = m % 60;
  if (hours === 0) return `${rest} min`;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

/** What a policy applies to: one catalogue item, one service, or (neither) the whole workspace. */
export function policyScope(p: {
  serviceId: string | null;
  serviceName: string | null;
  catalogueItemId: string | null;
  catalogueItemName: string | null;
}): string {
  if (p.catalogueItemId !== null) return `Catalogue item: ${p.catalogueItemName ?? 'unknown'}`;
  if (p.serviceId !== null) return `Service: ${p.serviceName ?? 'unknown'}`;
  return 'The whole workspace';
}

export const clockLabel = (kind: string) => (kind === 'first_response' ? 'First response' : 'Resolution');

export function eventLabel(kind: string, detail: Record<string, unknown>): string {
  const reason = typeof detail.reason === 'string' ? ` (${detail.reason})` : '';
  switch (kind) {
    case 'started':
      return `started under ${String(detail.policy ?? 'a policy')}`;
    case 'paused':
      return `paused${reason}`;
    case 'resumed':
      return `resumed${reason}`;
    case 'stopped':
      return `stopped${reason}${detail.breached ? ', target missed' : ''}`;
    case 'retargeted':
      return `new target from ${String(detail.policy ?? 'a policy')} (${String(detail.priority ?? '')})`;
    case 'breached':
      return 'target breached';
    case 'escalated':
      return `escalated at ${String(detail.atPercent)} %${detail.raisedTo ? `, raised to ${String(detail.raisedTo)}` : ''}`;
    default:
      return kind;
  }
}

export const describeHours = (intervals: { start: string; end: string }[] | undefined) =>
  intervals && intervals.length > 0 ? intervals.map((i) => `${i.start}–${i.end}`).join(', ') : 'closed';
