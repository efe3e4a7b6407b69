import { and, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { nextNumber } from '../../db/counters.ts';
import { type Change, changes, changeTemplates, changeWatchers } from '../../db/schema/changes.ts';
import { withScopedTx, workspaceScope } from '../../db/tenant.ts';
import { isEditable, statusLabel, windowProblem } from '../../domain/changes.ts';
import type { WorkspaceContext } from '../../server/context.ts';
import { Conflict, Invalid } from '../../server/errors.ts';
import { checkWorkspaceParty } from '../../workspaces/party-check.ts';
import type { CreateChangeBody, EditChangeBody } from '../contract.ts';
import { assertCanChange } from '../policy.ts';
import { addEvent, auditChange, loadChange, updateChange } from './common.ts';
import { resolveLinks, responsibleParty, writeLinks } from './links.ts';

function checkWindow(start: Date | null, end: Date | null) {
  if ((start === null) !== (end === null))
    throw new Invalid(
      'give both the start and the end of the window, or neither',
      start ? 'body.plannedEnd' : 'body.plannedStart',
    );
  if (start && end) {
    const problem = windowProblem(start, end);
    if (problem) throw new Invalid(problem, 'body.plannedEnd');
  }
}

async function approvedTemplate(tx: Tx, workspaceId: string, templateId: string | undefined) {
  if (!templateId)
    throw new Invalid('a standard change is raised from an approved template', 'body.templateId');
  const [template] = await tx
    .select()
    .from(changeTemplates)
    .where(and(eq(changeTemplates.id, templateId), eq(changeTemplates.workspaceId, workspaceId)));
  if (!template) throw new Invalid('names no change template of this workspace', 'body.templateId');
  if (template.status !== 'approved')
    throw new Invalid(
      `the template is ${template.status}; only an approved template makes standard changes`,
      'body.templateId',
    );
  return template;
}

/** Only the internal lead chooses a party other than the map's Responsible one. */
async function overrideParty(tx: Tx, ctx: WorkspaceContext, partyId: string | null | undefined) {
  if (partyId === undefined) return undefined;
  assertCanChange(ctx.actor, 'setImplementingParty');
  return partyId === null
    ? null
    : checkWorkspaceParty(tx, ctx.actor.workspaceId, partyId, 'body.implementingPartyId');
}

/** Raises a change as a draft; the implementing party follows the map for its first service. */
export async function createChange(ctx: WorkspaceContext, input: CreateChangeBody) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      assertCanChange(ctx.actor, 'create');
      const ws = ctx.actor.workspaceId;
      if (input.type !== 'standard' && input.templateId)
        throw new Invalid('only a standard change is raised from a template', 'body.templateId');
      const template = input.type === 'standard' ? await approvedTemplate(tx, ws, input.templateId) : null;
      checkWindow(input.plannedStart, input.plannedEnd);
      const links = await resolveLinks(tx, ctx.actor, input);
      const override = await overrideParty(tx, ctx, input.implementingPartyId);
      const suggested = await responsibleParty(tx, ws, links.service?.[0]);
      const number = await nextNumber(tx, ws, 'change');
      const {
        serviceIds,
        systemIds,
        ticketKeys,
        problemKeys,
        incidentKeys,
        templateId,
        implementingPartyId,
        ...fields
      } = input;
      const [row] = await tx
        .insert(changes)
        .values({
          ...fields,
          workspaceId: ws,
          number,
          templateId: template?.id ?? null,
          // A standard change carries its approved model's plans and risk.
          ...(template && {
            description: fields.description || template.description,
            implementationPlan: template.implementationPlan,
            testPlan: template.testPlan,
            backoutPlan: template.backoutPlan,
            likelihood: template.likelihood,
            impact: template.impact,
          }),
          implementingPartyId: override === undefined ? suggested : override,
          implementingPartyOverridden: override !== undefined,
          createdByMembershipId: ctx.actor.membershipId,
        })
        .returning();
      const change = row!;
      await writeLinks(tx, ws, change.id, links, { fresh: true });
      await tx
        .insert(changeWatchers)
        .values({ workspaceId: ws, changeId: change.id, membershipId: ctx.actor.membershipId });
      await addEvent(tx, ctx, change, 'created', { type: change.type });
      await auditChange(tx, ctx, 'change.created', change.id, undefined, { ...change, links });
      return change;
    },
    ctx.meta,
  );
}

/** Edits a draft or a rejected change (the version guards against lost updates). */
export async function editChange(ctx: WorkspaceContext, number: number, input: EditChangeBody) {
  return withScopedTx(
    ctx.db,
    workspaceScope(ctx),
    async (tx) => {
      const ws = ctx.actor.workspaceId;
      const before = await loadChange(tx, ws, number);
      assertCanChange(ctx.actor, 'edit', before);
      if (!isEditable(before.status))
        throw new Conflict(
          `The change is ${statusLabel(before.status)}; only a draft or a rejected change can be edited.`,
          'CHANGE_STATE',
        );
      const {
        version,
        serviceIds,
        systemIds,
        ticketKeys,
        problemKeys,
        incidentKeys,
        implementingPartyId,
        ...fields
      } = input;
      if (before.type === 'standard')
        for (const k of ['implementationPlan', 'testPlan', 'backoutPlan', 'likelihood', 'impact'] as const)
          if (fields[k] !== undefined)
            throw new Invalid("comes from the standard change's approved template", `body.${k}`);
      const start = fields.plannedStart === undefined ? before.plannedStart : fields.plannedStart;
      const end = fields.plannedEnd === undefined ? before.plannedEnd : fields.plannedEnd;
      checkWindow(start, end);
      const links = await resolveLinks(tx, ctx.actor, {
        serviceIds,
        systemIds,
        ticketKeys,
        problemKeys,
        incidentKeys,
      });
      const override = await overrideParty(tx, ctx, implementingPartyId);
      const set: Partial<Change> = { ...(fields as Partial<Change>) };
      if (override !== undefined) {
        set.implementingPartyId = override;
        set.implementingPartyOverridden = true;
      } else if (links.service && !before.implementingPartyOverridden) {
        set.implementingPartyId = await responsibleParty(tx, ws, links.service[0]);
      }
      const after = await updateChange(tx, before, set, version);
      await writeLinks(tx, ws, after.id, links);
      await addEvent(tx, ctx, after, 'edited', { fields: Object.keys(input).filter((k) => k !== 'version') });
      await auditChange(tx, ctx, 'change.edited', after.id, before, { ...after, links });
      return after;
    },
    ctx.meta,
  );
}
