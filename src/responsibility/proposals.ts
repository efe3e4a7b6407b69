import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { auditorFor, recordAudit } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import { accounts } from '../db/schema/accounts.ts';
import {
  mapAssignments,
  mapProposalChanges,
  mapProposals,
  mapVersions,
  services,
} from '../db/schema/responsibility.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { withScopedTx } from '../db/tenant.ts';
import {
  type AssignmentChange,
  applyChanges,
  findAssignmentProblems,
  RACI_ROLE_NAMES,
} from '../domain/raci.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { AppError, Conflict, Invalid, NotFound } from '../server/errors.ts';
import { loadDefaults, suggestedAssignments } from './defaults.ts';
import { scopeOf } from './map.ts';
import { assertCanResponsibility } from './policy.ts';
import {
  findInvalidNamedPeople,
  getCurrentVersion,
  loadAssignments,
  loadPartiesForRaci,
  loadServicesForRaci,
} from './queries.ts';
import { applyPriorityChanges } from './services-admin.ts';

export type ProposalInput = {
  title: string;
  rationale: string;
  changes?: AssignmentChange[] | undefined;
  /** Instead of changes: the shipped suggestion of the provider's part for every default service. */
  fromSuggestionsForPartyId?: string | undefined;
  /** Service priorities the proposal sets when approved. */
  priorityChanges?: { serviceId: string; businessPriority: number | null }[] | undefined;
};

/** Each priority change names an active service of this workspace, once. */
async function checkPriorityChanges(
  tx: Tx,
  workspaceId: string,
  changes: { serviceId: string; businessPriority: number | null }[],
) {
  const rows = await tx
    .select({ id: services.id, status: services.status })
    .from(services)
    .where(eq(services.workspaceId, workspaceId));
  const active = new Set(rows.filter((r) => r.status === 'active').map((r) => r.id));
  const seen = new Set<string>();
  changes.forEach((c, i) => {
    if (!active.has(c.serviceId))
      throw new Invalid('names no active service of this workspace', `body.priorityChanges.${i}.serviceId`);
    if (seen.has(c.serviceId))
      throw new Invalid('names a service twice', `body.priorityChanges.${i}.serviceId`);
    seen.add(c.serviceId);
  });
}

const audit = auditorFor('map_proposal');

/** Checks a change set against the current map: the result must be a valid map. */
async function checkAgainstCurrent(tx: Tx, workspaceId: string, changes: AssignmentChange[]) {
  const current = await getCurrentVersion(tx, workspaceId);
  const servicesForRaci = await loadServicesForRaci(tx, workspaceId);
  const partiesForRaci = await loadPartiesForRaci(tx, workspaceId);
  const assignments = await loadAssignments(tx, workspaceId, current.id);
  const changeProblems = findAssignmentProblems(changes, servicesForRaci, partiesForRaci).filter(
    (p) => p.code !== 'DUPLICATE_ASSIGNMENT' && p.code !== 'TWO_ACCOUNTABLE',
  );
  if (changeProblems[0])
    throw new Invalid(changeProblems[0].message, `body.changes.${changeProblems[0].index ?? 0}`);
  const badPeople = await findInvalidNamedPeople(
    tx,
    workspaceId,
    changes.filter((c) => c.op === 'add'),
  );
  if (badPeople.length > 0)
    throw new Invalid(
      'A named person must be an active member of the party they are assigned under.',
      'body.changes',
    );
  const { result, conflicts } = applyChanges(assignments, changes, {
    services: servicesForRaci,
    parties: partiesForRaci,
  });
  if (conflicts[0]) throw new Conflict(conflicts[0], 'CONFLICTING_ASSIGNMENT');
  const problems = findAssignmentProblems(result, servicesForRaci, partiesForRaci);
  if (problems[0]) throw new AppError(400, 'INVALID_MAP', problems[0].message);
  return { current, result };
}

export async function suggestionChanges(
  tx: Tx,
  workspaceId: string,
  providerPartyId: string,
): Promise<AssignmentChange[]> {
  const [party] = await tx
    .select()
    .from(parties)
    .where(and(eq(parties.id, providerPartyId), eq(parties.workspaceId, workspaceId)));
  if (party?.kind !== 'provider')
    throw new Invalid(
      'fromSuggestionsForPartyId must name a provider party of this workspace.',
      'body.fromSuggestionsForPartyId',
    );
  const current = await getCurrentVersion(tx, workspaceId);
  const existing = new Set(
    (await loadAssignments(tx, workspaceId, current.id)).map((a) => `${a.serviceId}|${a.partyId}|${a.role}`),
  );
  const rows = await tx
    .select({ id: services.id, key: services.key, status: services.status })
    .from(services)
    .where(eq(services.workspaceId, workspaceId));
  const byKey = new Map(rows.filter((r) => r.status === 'active').map((r) => [r.key, r.id]));
  return loadDefaults().services.flatMap((s) => {
    const serviceId = byKey.get(s.key);
    if (!serviceId) return [];
    return suggestedAssignments(s, serviceId, { internal: null, provider: providerPartyId })
      .filter((a) => a.role !== 'A' && !existing.has(`${a.serviceId}|${a.partyId}|${a.role}`))
      .map((a) => ({ ...a, op: 'add' as const }));
  });
}

export async function createProposal(ctx: WorkspaceContext, input: ProposalInput) {
  assertCanResponsibility(ctx.actor, 'propose');
  return withScopedTx(
    ctx.db,
    scopeOf(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const changes = input.fromSuggestionsForPartyId
        ? await suggestionChanges(tx, ws, input.fromSuggestionsForPartyId)
        : (input.changes ?? []);
      const priorityChanges = input.priorityChanges ?? [];
      if (changes.length === 0 && priorityChanges.length === 0) {
        throw new Invalid(
          input.fromSuggestionsForPartyId
            ? 'The map already holds every suggested responsibility for this provider.'
            : 'A proposal needs at least one change.',
          'body.changes',
        );
      }
      await checkPriorityChanges(tx, ws, priorityChanges);
      const current =
        changes.length > 0
          ? (await checkAgainstCurrent(tx, ws, changes)).current
          : await getCurrentVersion(tx, ws);
      const number = await nextNumber(tx, ws, 'map_proposal');
      const [proposal] = await tx
        .insert(mapProposals)
        .values({
          workspaceId: ws,
          number,
          title: input.title,
          rationale: input.rationale,
          baseVersionId: current.id,
          proposedByMembershipId: ctx.actor.membershipId,
          priorityChanges,
        })
        .returning();
      if (changes.length > 0)
        await tx
          .insert(mapProposalChanges)
          .values(changes.map((c) => ({ ...c, workspaceId: ws, proposalId: proposal!.id })));
      await audit(tx, ctx, 'map_proposal.created', proposal!.id, undefined, { ...proposal, changes });
      return proposal!;
    },
    ctx.meta,
  );
}

export async function listProposals(ctx: WorkspaceContext, status?: string) {
  assertCanResponsibility(ctx.actor, 'view');
  return withScopedTx(ctx.db, scopeOf(ctx), (tx) =>
    tx
      .select({
        proposal: mapProposals,
        proposedBy: accounts.name,
        changeCount: sql<number>`(select count(*)::int from map_proposal_changes c where c.proposal_id = ${mapProposals.id}) + jsonb_array_length(${mapProposals.priorityChanges})`,
      })
      .from(mapProposals)
      .leftJoin(memberships, eq(memberships.id, mapProposals.proposedByMembershipId))
      .leftJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(
        and(
          eq(mapProposals.workspaceId, ctx.actor.workspaceId),
          status ? eq(mapProposals.status, status as 'proposed') : undefined,
        ),
      )
      .orderBy(desc(mapProposals.number))
      .limit(200),
  );
}

async function loadProposal(tx: Tx, workspaceId: string, number: number) {
  const [proposal] = await tx
    .select()
    .from(mapProposals)
    .where(and(eq(mapProposals.workspaceId, workspaceId), eq(mapProposals.number, number)));
  if (!proposal) throw new NotFound(`No proposal #${number}.`);
  return proposal;
}

async function loadChanges(tx: Tx, proposalId: string): Promise<AssignmentChange[]> {
  return tx
    .select({
      op: mapProposalChanges.op,
      serviceId: mapProposalChanges.serviceId,
      partyId: mapProposalChanges.partyId,
      membershipId: mapProposalChanges.membershipId,
      role: mapProposalChanges.role,
    })
    .from(mapProposalChanges)
    .where(eq(mapProposalChanges.proposalId, proposalId))
    .orderBy(asc(mapProposalChanges.id));
}

export async function getProposal(ctx: WorkspaceContext, number: number) {
  assertCanResponsibility(ctx.actor, 'view');
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const proposal = await loadProposal(tx, ctx.actor.workspaceId, number);
    const [changes, names] = [
      await loadChanges(tx, proposal.id),
      await tx
        .select({ id: memberships.id, name: accounts.name })
        .from(memberships)
        .innerJoin(accounts, eq(accounts.id, memberships.accountId))
        .where(eq(memberships.workspaceId, ctx.actor.workspaceId)),
    ];
    const nameOf = new Map(names.map((n) => [n.id, n.name]));
    // An open proposal whose changes no longer apply to the current map has been overtaken.
    let superseded: { reason: string } | null = null;
    if (proposal.status === 'proposed') {
      try {
        await checkAgainstCurrent(tx, ctx.actor.workspaceId, changes);
      } catch (error) {
        if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
        superseded = { reason: error.message };
      }
    }
    return {
      proposal,
      changes,
      superseded,
      proposedBy: nameOf.get(proposal.proposedByMembershipId) ?? null,
      decidedBy: proposal.decidedByMembershipId ? (nameOf.get(proposal.decidedByMembershipId) ?? null) : null,
      people: nameOf,
    };
  });
}

/** Marks the proposal decided; exactly one of two racing deciders wins (the row's status is the guard). */
async function claimDecision(
  tx: Tx,
  ctx: WorkspaceContext,
  proposalId: string,
  status: 'approved' | 'rejected' | 'withdrawn',
  note: string | null,
) {
  const [claimed] = await tx
    .update(mapProposals)
    .set({ status, decidedByMembershipId: ctx.actor.membershipId, decidedAt: new Date(), decisionNote: note })
    .where(and(eq(mapProposals.id, proposalId), eq(mapProposals.status, 'proposed')))
    .returning();
  if (!claimed) throw new Conflict('This proposal has already been decided or withdrawn.', 'ALREADY_DECIDED');
  return claimed;
}

export async function approveProposal(ctx: WorkspaceContext, number: number, note: string | null) {
  assertCanResponsibility(ctx.actor, 'decideProposal');
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const proposal = await loadProposal(tx, ws, number);
    // Lock the current version row: approvals of different proposals take turns.
    await tx
      .select({ id: mapVersions.id })
      .from(mapVersions)
      .where(eq(mapVersions.id, (await getCurrentVersion(tx, ws)).id))
      .for('update');
    const claimed = await claimDecision(tx, ctx, proposal.id, 'approved', note);
    const changes = await loadChanges(tx, proposal.id);
    const { current, result } = await checkAgainstCurrent(tx, ws, changes);
    // A priority-only proposal still makes a version: the history shows when priorities changed.
    await checkPriorityChanges(tx, ws, proposal.priorityChanges);
    await applyPriorityChanges(tx, ctx, proposal.priorityChanges, proposal.number);
    const [version] = await tx
      .insert(mapVersions)
      .values({
        workspaceId: ws,
        number: current.number + 1,
        proposalId: proposal.id,
        approvedByMembershipId: ctx.actor.membershipId,
        summary: `#${proposal.number} ${proposal.title}`,
      })
      .returning();
    if (result.length > 0)
      await tx
        .insert(mapAssignments)
        .values(result.map((a) => ({ ...a, workspaceId: ws, versionId: version!.id })));
    const [final] = await tx
      .update(mapProposals)
      .set({ resultingVersionId: version!.id })
      .where(eq(mapProposals.id, proposal.id))
      .returning();
    await audit(
      tx,
      ctx,
      'map_proposal.approved',
      proposal.id,
      { status: proposal.status },
      { status: claimed.status, note, version: version!.number },
    );
    await recordAudit(tx, ctx.meta, {
      workspaceId: ws,
      actorAccountId: ctx.actor.accountId,
      actorMembershipId: ctx.actor.membershipId,
      action: 'responsibility_map.version_created',
      entityType: 'map_version',
      entityId: version!.id,
      after: {
        number: version!.number,
        changes: changes.map(
          (c) =>
            `${c.op} ${RACI_ROLE_NAMES[c.role]} ${c.serviceId} ${c.partyId}${c.membershipId ? ` ${c.membershipId}` : ''}`,
        ),
      },
    });
    return { proposal: final!, version: version! };
  });
}

export async function rejectProposal(ctx: WorkspaceContext, number: number, note: string) {
  assertCanResponsibility(ctx.actor, 'decideProposal');
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const proposal = await loadProposal(tx, ctx.actor.workspaceId, number);
    const claimed = await claimDecision(tx, ctx, proposal.id, 'rejected', note);
    await audit(
      tx,
      ctx,
      'map_proposal.rejected',
      proposal.id,
      { status: proposal.status },
      { status: claimed.status, note },
    );
    return claimed;
  });
}

export async function withdrawProposal(ctx: WorkspaceContext, number: number) {
  return withScopedTx(ctx.db, scopeOf(ctx), async (tx) => {
    const proposal = await loadProposal(tx, ctx.actor.workspaceId, number);
    assertCanResponsibility(ctx.actor, 'withdrawProposal', proposal);
    const claimed = await claimDecision(tx, ctx, proposal.id, 'withdrawn', null);
    await audit(
      tx,
      ctx,
      'map_proposal.withdrawn',
      proposal.id,
      { status: proposal.status },
      { status: claimed.status },
    );
    return claimed;
  });
}
