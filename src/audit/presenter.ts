import type { AuditEvent as AuditRow } from '../db/schema/audit.ts';
import { ticketKey } from '../domain/tickets.ts';
import type { AuditEvent } from './contract.ts';

export function presentAuditEvent(
  ticketPrefix: string,
  row: {
    event: AuditRow;
    actorName: string | null;
    actorEmail: string | null;
    ticketNumber: number | null;
  },
): AuditEvent {
  const { event: e, actorName, actorEmail } = row;
  return {
    id: e.id,
    at: e.at,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    entityLabel: row.ticketNumber === null ? null : ticketKey(ticketPrefix, row.ticketNumber),
    actor: e.actorAccountId ? { accountId: e.actorAccountId, name: actorName, email: actorEmail } : null,
    membershipId: e.actorMembershipId,
    before: e.before,
    after: e.after,
    ip: e.ip,
    hash: e.hash,
    prevHash: e.prevHash,
  };
}
