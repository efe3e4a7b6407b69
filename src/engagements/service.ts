import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { auditorFor } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import {
  type Engagement,
  type EngagementProposal,
  engagementProposals,
  engagements,
  engagementVersions,
} from '../db/schema/engagements.ts';
import { obligations } from '../db/schema/obligations.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { withScopedTx, workspaceScope } from '../db/tenant.ts';
import { checkClauses, describeChange, type EngagementTerms, sortClauses } from '../domain/engagements.ts';
import type { WorkspaceContext } from '../server/context.ts';
import { Conflict, Invalid, NotFound, StaleVersion } from '../server/errors.ts';
import { memberNames } from '../workspaces/names.ts';
import type { CreateEngagementBody, EditTermsBody, TermsBody } from './contract.ts';
import { loadEnforcementContext } from './links.ts';
import { assertCanEngagement } from './policy.ts';
import { currentVersionOf } from './queries.ts';

const audit = auditorFor('engagement');

/** The terms as stored: clauses in checklist order, checked against this workspace's records. */
async function checkTerms(tx: Tx, workspaceId: string, body: TermsBody): Promise<EngagementTerms> {
  const [owner] = await tx
    .select({ status: memberships.status, kind: parties.kind })
    .from(memberships)
    .leftJoin(parties, eq(parties.id, memberships.partyId))
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.id, body.ownerMembershipId)));
  if (!owner) throw new Invalid('must name a member of this workspace', 'body.ownerMembershipId');
  if (owner.kind !== 'internal')
    throw new Invalid(
      'must be a member of the internal party: the relationship owner is the business’s own person',
      'body.ownerMembershipId',
    );
  if (owner.status !== 'active') throw new Invalid('must be an active member', 'body.ownerMembershipId');
  const problem = checkClauses(body.clauses);
  if (problem) throw new Invalid(problem.message, `body.clauses.${problem.index}.${problem.field}`);
  const obligationIds = body.clauses.flatMap((c) => c.obligationIds ?? []);
  if (obligationIds.length) {
    const found = await tx
      .select({ id: obligations.id })
      .from(obligations)
      .where(and(eq(obligations.workspaceId, workspaceId), inArray(obligations.id, obligationIds)));
    const index = body.clauses.findIndex((c) =>
      (c.obligationIds ?? []).some((id) => !found.some((f) => f.id === id)),
    );
    if (index >= 0)
      throw new Invalid(
        'must name recurring obligations of this workspace',
        `body.clauses.${index}.obligationIds`,
      );
  }
  const partyIds = body.clauses.flatMap((c) => (c.incidentRoles ?? []).map((r) => r.partyId));
  if (partyIds.length) {
    const found = await tx
      .select({ id: parties.id })
      .from(parties)
      .where(and(eq(parties.workspaceId, workspaceId), inArray(parties.id, partyIds)));
    const index = body.clauses.findIndex((c) =>
      (c.incidentRoles ?? []).some((r) => !found.some((f) => f.id === r.partyId)),
    );
    if (index >= 0)
      throw new Invalid('must name parties of this workspace', `body.clauses.${index}.incidentRoles`);
  }
  return {
    purposes: [...new Set(body.purposes)],
    intent: body.intent,
    ownerMembershipId: body.ownerMembershipId,
    reviewCadence: body.reviewCadence,
    clauses: sortClauses(body.clauses),
  };
}

export async function createEngagement(ctx: WorkspaceContext, body: CreateEngagementBody) {
  assertCanEngagement(ctx.actor, 'create');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const [party] = await tx
        .select({ kind: parties.kind })
        .from(parties)
        .where(and(eq(parties.workspaceId, ws), eq(parties.id, body.providerPartyId)));
      if (party?.kind !== 'provider')
        throw new Invalid('must name a provider party of this workspace', 'body.providerPartyId');
      const terms = await checkTerms(tx, ws, body);
      const [existing] = await tx
        .select({ id: engagements.id })
        .from(engagements)
        .where(and(eq(engagements.workspaceId, ws), eq(engagements.providerPartyId, body.providerPartyId)));
      if (existing)
        throw new Conflict('This provider already has an engagement; edit it instead.', 'ENGAGEMENT_EXISTS');
      const [engagement] = await tx
        .insert(engagements)
        .values({
          workspaceId: ws,
          providerPartyId: body.providerPartyId,
          startsOn: body.startsOn,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      await tx.insert(engagementVersions).values({
        workspaceId: ws,
        engagementId: engagement!.id,
        number: 1,
        terms,
        summary: 'Recorded',
        createdByMembershipId: ctx.actor.membershipId,
      });
      await audit(tx, ctx, 'engagement.created', engagement!.id, undefined, { ...engagement, terms });
      return engagement!.id;
    },
    ctx.meta,
  );
}

export async function listEngagements(ctx: WorkspaceContext) {
  assertCanEngagement(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const rows = await tx
      .select({ engagement: engagements, providerName: parties.name, terms: engagementVersions.terms })
      .from(engagements)
      .innerJoin(parties, eq(parties.id, engagements.providerPartyId))
      .innerJoin(engagementVersions, currentVersionOf)
      .where(eq(engagements.workspaceId, ctx.actor.workspaceId))
      .orderBy(asc(parties.name));
    const open = await tx
      .select({ engagementId: engagementProposals.engagementId })
      .from(engagementProposals)
      .where(
        and(
          eq(engagementProposals.workspaceId, ctx.actor.workspaceId),
          eq(engagementProposals.status, 'open'),
        ),
      );
    const people = await memberNames(
      tx,
      ctx.actor.workspaceId,
      rows.map((r) => r.terms.ownerMembershipId),
    );
    return rows.map((r) => ({
      ...r,
      openProposals: open.filter((o) => o.engagementId === r.engagement.id).length,
      people,
    }));
  });
}

async function loadEngagement(tx: Tx, workspaceId: string, id: string, lock = false) {
  const query = tx
    .select({ engagement: engagements, providerName: parties.name })
    .from(engagements)
    .innerJoin(parties, eq(parties.id, engagements.providerPartyId))
    .where(and(eq(engagements.workspaceId, workspaceId), eq(engagements.id, id)));
  const [row] = lock ? await query.for('update', { of: engagements }) : await query;
  if (!row) throw new NotFound('No such engagement in this workspace.');
  return row;
}

async function currentTerms(tx: Tx, engagement: Engagement) {
  const [version] = await tx
    .select()
    .from(engagementVersions)
    .where(
      and(
        eq(engagementVersions.engagementId, engagement.id),
        eq(engagementVersions.number, engagement.currentVersion),
      ),
    );
  return version!;
}

/** Everything the engagement page shows, with what the enforcement links are computed from. */
export async function getEngagement(ctx: WorkspaceContext, id: string) {
  assertCanEngagement(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    const ws = ctx.actor.workspaceId;
    const row = await loadEngagement(tx, ws, id);
    const current = await currentTerms(tx, row.engagement);
    const versions = await tx
      .select()
      .from(engagementVersions)
      .where(eq(engagementVersions.engagementId, id))
      .orderBy(desc(engagementVersions.number));
    const proposals = await tx
      .select()
      .from(engagementProposals)
      .where(eq(engagementProposals.engagementId, id))
      .orderBy(desc(engagementProposals.createdAt))
      .limit(100);
    const people = await memberNames(tx, ws, [
      current.terms.ownerMembershipId,
      ...versions.map((v) => v.createdByMembershipId),
      ...proposals.flatMap((p) => [
        p.proposedByMembershipId,
        p.decidedByMembershipId,
        p.terms.ownerMembershipId,
      ]),
    ]);
    const links = await loadEnforcementContext(tx, ws, [current.terms, ...proposals.map((p) => p.terms)]);
    return { ...row, current, versions, proposals, people, links };
  });
}
export type EngagementData = Awaited<ReturnType<typeof getEngagement>>;

export async function getEngagementVersion(ctx: WorkspaceContext, id: string, number: number) {
  assertCanEngagement(ctx.actor, 'view');
  return withScopedTx(ctx.db, workspaceScope(ctx), async (tx) => {
    await loadEngagement(tx, ctx.actor.workspaceId, id);
    const [version] = await tx
      .select()
      .from(engagementVersions)
      .where(and(eq(engagementVersions.engagementId, id), eq(engagementVersions.number, number)));
    if (!version) throw new NotFound(`No version ${number} of this engagement.`);
    const people = await memberNames(tx, ctx.actor.workspaceId, [
      version.createdByMembershipId,
      version.terms.ownerMembershipId,
    ]);
    const links = await loadEnforcementContext(tx, ctx.actor.workspaceId, [version.terms]);
    return { version, people, links };
  });
}

/** An edit's new terms, checked, against the version it was based on (409 if no longer current). */
async function draftTerms(tx: Tx, workspaceId: string, engagement: Engagement, body: EditTermsBody) {
  if (engagement.currentVersion !== body.baseVersion)
    throw new StaleVersion('engagement', engagement.currentVersion);
  const before = await currentTerms(tx, engagement);
  const terms = await checkTerms(tx, workspaceId, body);
  return { before, terms, summary: body.summary || describeChange(before.terms, terms) };
}

async function writeVersion(
  tx: Tx,
  ctx: WorkspaceContext,
  engagement: Engagement,
  terms: EngagementTerms,
  summary: string,
  proposalId: string | null,
) {
  const number = engagement.currentVersion + 1;
  await tx.insert(engagementVersions).values({
    workspaceId: engagement.workspaceId,
    engagementId: engagement.id,
    number,
    terms,
    summary,
    proposalId,
    createdByMembershipId: ctx.actor.membershipId,
  });
  await tx
    .update(engagements)
    .set({ currentVersion: number, updatedAt: new Date() })
    .where(eq(engagements.id, engagement.id));
  return number;
}

/** The internal lead's direct edit: a new version at once. */
export async function editTerms(ctx: WorkspaceContext, id: string, body: EditTermsBody) {
  assertCanEngagement(ctx.actor, 'edit');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { engagement } = await loadEngagement(tx, ctx.actor.workspaceId, id, true);
      const { before, terms, summary } = await draftTerms(tx, ctx.actor.workspaceId, engagement, body);
      const number = await writeVersion(tx, ctx, engagement, terms, summary, null);
      await audit(
        tx,
        ctx,
        'engagement.terms_changed',
        id,
        { version: before.number, terms: before.terms },
        {
          version: number,
          terms,
        },
      );
      return number;
    },
    ctx.meta,
  );
}

/** A provider's edit: a proposal the internal lead approves or rejects. */
export async function proposeTerms(ctx: WorkspaceContext, id: string, body: EditTermsBody) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { engagement } = await loadEngagement(tx, ctx.actor.workspaceId, id);
      assertCanEngagement(ctx.actor, 'propose', engagement);
      const { terms, summary } = await draftTerms(tx, ctx.actor.workspaceId, engagement, body);
      const [proposal] = await tx
        .insert(engagementProposals)
        .values({
          workspaceId: ctx.actor.workspaceId,
          engagementId: id,
          baseVersion: body.baseVersion,
          terms,
          summary,
          proposedByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      await audit(tx, ctx, 'engagement.proposal_created', id, undefined, proposal);
      return proposal!.id;
    },
    ctx.meta,
  );
}

/** Approve (a new version from the proposal's terms; stale if the terms moved on) or reject. */
export async function decideProposal(
  ctx: WorkspaceContext,
  id: string,
  proposalId: string,
  decision: 'approved' | 'rejected',
  note: string | undefined,
) {
  assertCanEngagement(ctx.actor, 'decide');
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const { engagement } = await loadEngagement(tx, ctx.actor.workspaceId, id, true);
      const [proposal] = await tx
        .select()
        .from(engagementProposals)
        .where(and(eq(engagementProposals.engagementId, id), eq(engagementProposals.id, proposalId)))
        .for('update');
      if (!proposal) throw new NotFound('No such proposal for this engagement.');
      if (proposal.status !== 'open')
        throw new Conflict(`This proposal was already ${proposal.status}.`, 'PROPOSAL_DECIDED');
      let resultVersion: number | null = null;
      if (decision === 'approved') {
        if (proposal.baseVersion !== engagement.currentVersion)
          throw new Conflict(
            `The terms changed since this proposal (it was based on version ${proposal.baseVersion}, now ${engagement.currentVersion}); reject it and ask for a new one.`,
            'PROPOSAL_STALE',
          );
        resultVersion = await writeVersion(
          tx,
          ctx,
          engagement,
          proposal.terms,
          proposal.summary,
          proposal.id,
        );
      }
      const [after] = await tx
        .update(engagementProposals)
        .set({
          status: decision,
          decidedByMembershipId: ctx.actor.membershipId,
          decidedAt: new Date(),
          decisionNote: note ?? null,
          resultVersion,
        })
        .where(eq(engagementProposals.id, proposal.id))
        .returning();
      await audit(
        tx,
        ctx,
        `engagement.proposal_${decision}`,
        id,
        { status: 'open' },
        {
          proposalId,
          status: decision,
          resultVersion,
        },
      );
      return after as EngagementProposal;
    },
    ctx.meta,
  );
}
