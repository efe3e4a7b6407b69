import type { Tx } from '../db/client.ts';
import type { SlaActor } from './clocks.ts';

export type SlaNotice = {
  kind: 'sla.page' | 'sla.at_risk' | 'sla.breached' | 'sla.escalated';
  ticketId: string;
  title: string;
  body: string;
  dedupeKey?: string;
};

/** Until the notifications area lands, pages and escalations are recorded as audit and clock events only. */
export async function notifyMembers(_tx: Tx, _a: SlaActor, _membershipIds: string[], _notice: SlaNotice) {}
