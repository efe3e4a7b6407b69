import type { Offboarding, OffboardingTask } from '../db/schema/offboarding.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import { offboardingKey } from '../domain/offboarding.ts';
import type { OffboardingDetail, OffboardingPreview } from './contract.ts';
import { offboardingAbilities } from './policy.ts';
import type { OffboardingPlan } from './service.ts';

export const presentPreview = (plan: OffboardingPlan): OffboardingPreview => ({
  person: {
    membershipId: plan.person.membershipId,
    name: plan.person.name,
    role: plan.person.role,
    party: plan.person.partyName,
  },
  membership: { deactivated: true, apiTokens: plan.tokens },
  tickets: plan.tickets.map((t) => ({ key: t.key, subject: t.subject })),
  onCallShifts: plan.shifts.length,
  articles: plan.articles,
  passTo: plan.successor,
  tasks: plan.accountTasks.map((t) => ({ kind: t.kind, label: t.label })),
});

export const presentOffboardingSummary = (r: Offboarding) => ({
  id: r.id,
  key: offboardingKey(r.number),
  person: { membershipId: r.membershipId, name: r.personName },
  status: r.status,
  startedAt: r.startedAt,
  completedAt: r.completedAt,
});

export const presentOffboarding = (
  actor: WorkspaceActor,
  record: Offboarding,
  tasks: OffboardingTask[],
): OffboardingDetail => ({
  ...presentOffboardingSummary(record),
  outcome: record.outcome,
  tasks: tasks.map((t) => ({
    id: t.id,
    kind: t.kind,
    targetId: t.targetId,
    label: t.label,
    status: t.status,
    evidence: t.evidence,
    doneAt: t.doneAt,
  })),
  abilities: offboardingAbilities(
    actor,
    { membershipId: record.membershipId, partyId: record.partyId, partyKind: null, role: 'agent' },
    record.status === 'completed',
  ),
});
