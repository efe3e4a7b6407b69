import { and, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { problems } from '../db/schema/problems.ts';
import { services } from '../db/schema/responsibility.ts';
import { Invalid, NotFound } from '../server/errors.ts';
import { isWorkspaceParty } from '../workspaces/queries.ts';

/** A 400 naming the field, e.g. "ownerPartyId is not a party of this workspace." */
export class InvalidField extends Invalid {
  constructor(field: string, message: string) {
    super(`${field.replace(/^body\./, '')} ${message}.`, field);
  }
}

export async function findProblem(tx: Tx, workspaceId: string, number: number) {
  const [row] = await tx
    .select()
    .from(problems)
    .where(and(eq(problems.workspaceId, workspaceId), eq(problems.number, number)));
  if (!row) throw new NotFound(`No problem PRB-${number} here.`);
  return row;
}

/** Checks that a party of this workspace exists; a foreign or unknown id is a bad field. */
export async function assertParty(tx: Tx, workspaceId: string, partyId: string, field: string) {
  if (!(await isWorkspaceParty(tx, workspaceId, partyId)))
    throw new InvalidField(field, 'is not a party of this workspace');
}

export async function assertService(tx: Tx, workspaceId: string, serviceId: string, field: string) {
  const [row] = await tx
    .select({ id: services.id })
    .from(services)
    .where(and(eq(services.workspaceId, workspaceId), eq(services.id, serviceId)));
  if (!row) throw new InvalidField(field, 'is not a service of this workspace');
}
