import { and, asc, desc, eq, gt, lt } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { accounts } from '../db/schema/accounts.ts';
import { services } from '../db/schema/responsibility.ts';
import { afterHoursCoverRules, onCallPages, onCallShifts, slaCalendars } from '../db/schema/sla.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { findRotaGaps, handOvers, onCallAt } from '../domain/sla.ts';
import type { Priority } from '../domain/tickets.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Invalid, NotFound } from '../server/errors.ts';
import { assertParty, audit } from './common.ts';
import { assertCanSla } from './policy.ts';

// ---------- after-hours cover rules ----------

export type CoverRuleInput = {
  partyId: string;
  priorities: Priority[];
  serviceIds: string[];
  calendarId: string | null;
};

export async function listCoverRules(ctx: WorkspaceContext) {
  assertCanSla(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx) =>
    tx
      .select({ rule: afterHoursCoverRules, partyName: parties.name, calendarName: slaCalendars.name })
      .from(afterHoursCoverRules)
      .innerJoin(parties, eq(parties.id, afterHoursCoverRules.partyId))
      .leftJoin(slaCalendars, eq(slaCalendars.id, afterHoursCoverRules.calendarId))
      .where(eq(afterHoursCoverRules.workspaceId, ctx.actor.workspaceId))
      .orderBy(asc(afterHoursCoverRules.createdAt)),
  );
}

export async function createCoverRule(ctx: WorkspaceContext, input: CoverRuleInput) {
  assertCanSla(ctx.actor, 'managePolicies');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      await assertParty(tx, ws, input.partyId);
      for (const [i, serviceId] of input.serviceIds.entries()) {
        const [s] = await tx
          .select({ id: services.id })
          .from(services)
          .where(and(eq(services.id, serviceId), eq(services.workspaceId, ws)));
        if (!s) throw new Invalid('names no service of this workspace.', `body.serviceIds.${i}`);
      }
      if (input.calendarId) {
        const [c] = await tx
          .select({ id: slaCalendars.id })
          .from(slaCalendars)
          .where(and(eq(slaCalendars.id, input.calendarId), eq(slaCalendars.workspaceId, ws)));
        if (!c) throw new Invalid('calendarId names no calendar of this workspace.', 'body.calendarId');
      }
      const [rule] = await tx
        .insert(afterHoursCoverRules)
        .values({ workspaceId: ws, ...input })
        .returning();
      await audit(tx, ctx, 'sla_cover_rule.created', 'sla_cover_rule', rule!.id, undefined, input);
      return rule!;
    },
    ctx.meta,
  );
}

export async function deleteCoverRule(ctx: WorkspaceContext, id: string) {
  assertCanSla(ctx.actor, 'managePolicies');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx
      .delete(afterHoursCoverRules)
      .where(
        and(eq(afterHoursCoverRules.id, id), eq(afterHoursCoverRules.workspaceId, ctx.actor.workspaceId)),
      )
      .returning();
    if (!before) throw new NotFound('No such cover rule.');
    await audit(tx, ctx, 'sla_cover_rule.deleted', 'sla_cover_rule', id, before);
  });
}

// ---------- on-call rota ----------

const MAX_ROTA_WINDOW_MS = 93 * 86_400_000;

/** A party's shifts in a window, with who is on call now, the hand-overs and the gaps. */
export async function getRota(ctx: WorkspaceContext, partyId: string, from: Date, to: Date) {
  assertCanSla(ctx.actor, 'view');
  if (to <= from) throw new Invalid('to must be after from.', 'query.to');
  if (to.getTime() - from.getTime() > MAX_ROTA_WINDOW_MS)
    throw new Invalid('Ask for at most 93 days at a time.', 'query.to');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const [party] = await tx
      .select({ id: parties.id, name: parties.name })
      .from(parties)
      .where(and(eq(parties.id, partyId), eq(parties.workspaceId, ws)));
    if (!party) throw new NotFound('No such party.');
    const shifts = await tx
      .select({ shift: onCallShifts, name: accounts.name })
      .from(onCallShifts)
      .innerJoin(memberships, eq(memberships.id, onCallShifts.membershipId))
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(
        and(
          eq(onCallShifts.workspaceId, ws),
          eq(onCallShifts.partyId, partyId),
          lt(onCallShifts.startsAt, to),
          gt(onCallShifts.endsAt, from),
        ),
      )
      .orderBy(asc(onCallShifts.startsAt));
    const plain = shifts.map((s) => s.shift);
    const now = new Date();
    return {
      party,
      shifts,
      onCallNow: onCallAt(plain, now)?.membershipId ?? null,
      handOvers: handOvers(plain),
      gaps: findRotaGaps(plain, from, to),
    };
  });
}

export async function createShift(
  ctx: WorkspaceContext,
  input: { partyId: string; membershipId: string; startsAt: Date; endsAt: Date },
) {
  assertCanSla(ctx.actor, 'manageParty', input.partyId);
  if (input.endsAt <= input.startsAt) throw new Invalid('endsAt must be after startsAt.', 'body.endsAt');
  if (input.endsAt.getTime() - input.startsAt.getTime() > 31 * 86_400_000)
    throw new Invalid('A shift lasts at most 31 days.', 'body.endsAt');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      await assertParty(tx, ws, input.partyId);
      const [m] = await tx
        .select({ partyId: memberships.partyId, status: memberships.status, role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.id, input.membershipId), eq(memberships.workspaceId, ws)));
      if (m?.status !== 'active' || m.partyId !== input.partyId || m.role === 'viewer')
        throw new Invalid(
          'The on-call person must be an active lead or agent of that party.',
          'body.membershipId',
        );
      const [shift] = await tx
        .insert(onCallShifts)
        .values({ workspaceId: ws, ...input })
        .returning();
      await audit(tx, ctx, 'on_call_shift.created', 'on_call_shift', shift!.id, undefined, input);
      return shift!;
    },
    ctx.meta,
  );
}

export async function deleteShift(ctx: WorkspaceContext, id: string) {
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const [before] = await tx
      .select()
      .from(onCallShifts)
      .where(and(eq(onCallShifts.id, id), eq(onCallShifts.workspaceId, ctx.actor.workspaceId)));
    if (!before) throw new NotFound('No such shift.');
    assertCanSla(ctx.actor, 'manageParty', before.partyId);
    await tx.delete(onCallShifts).where(eq(onCallShifts.id, id));
    await audit(tx, ctx, 'on_call_shift.deleted', 'on_call_shift', id, before);
  });
}

export async function listPages(ctx: WorkspaceContext, limit: number) {
  assertCanSla(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), (tx: Tx) =>
    tx
      .select()
      .from(onCallPages)
      .where(eq(onCallPages.workspaceId, ctx.actor.workspaceId))
      .orderBy(desc(onCallPages.createdAt))
      .limit(limit),
  );
}
