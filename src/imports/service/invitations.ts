import type { ImportRow } from '../../domain/imports.ts';
import { canInvite } from '../../domain/member-admin.ts';
import { inviteMember } from '../../members/invitations.ts';
import {
  firstOfEachId,
  type ImportPlan,
  membersByEmail,
  type PlanInput,
  partiesByName,
  recordByRecord,
} from './common.ts';

/**
 * People to invite: each through the members area's invitation (its one-time link, audit event and
 * mail, queued in this transaction so nothing is sent unless the import commits). A pending
 * invitation for the same address is replaced, as when a lead invites by hand; an address that is
 * already a member is refused.
 */
export async function planInvitations({
  tx,
  ctx,
  rows,
  seen,
  errors,
  publicUrl,
}: PlanInput<ImportRow<'invitations'>>): Promise<ImportPlan> {
  const ws = ctx.actor.workspaceId;
  const partyOf = await partiesByName(tx, ws);
  const members = await membersByEmail(
    tx,
    ws,
    rows.map((r) => r.email),
  );
  const items = [];
  for (const row of firstOfEachId(rows, (r) => r.email, seen, errors, 'email')) {
    let ok = true;
    const member = members.get(row.email);
    if (member) {
      ok = false;
      errors.push({
        row: row.row,
        field: 'email',
        message:
          member.status === 'active'
            ? `${row.email} is already a member of this workspace`
            : `${row.email} was a member here; reactivate them instead`,
      });
    }
    const party = row.party ? partyOf.get(row.party.toLowerCase()) : undefined;
    if (row.party && !party) {
      ok = false;
      errors.push({ row: row.row, field: 'party', message: `names no party "${row.party}" here` });
    } else if (row.role === 'requester' && party) {
      ok = false;
      errors.push({ row: row.row, field: 'party', message: 'requesters belong to no party: leave it empty' });
    } else if (row.role !== 'requester' && !party) {
      ok = false;
      errors.push({ row: row.row, field: 'party', message: `a ${row.role} needs a party` });
    } else if (
      !canInvite(ctx.actor, { partyId: party?.id ?? null, partyKind: party?.kind ?? null, role: row.role })
    ) {
      ok = false;
      errors.push({
        row: row.row,
        field: 'role',
        message: 'you may not invite someone with that party and role',
      });
    }
    if (!ok) continue;
    items.push({
      externalId: row.email,
      create: async () =>
        (
          await inviteMember(ctx, publicUrl, {
            email: row.email,
            role: row.role,
            partyId: party?.id ?? null,
          })
        ).invitation.id,
    });
  }
  return recordByRecord(tx, ctx, 'invitations', items);
}
