import type { Obligation, Occurrence } from '../db/schema/obligations.ts';
import { controlRefName } from '../defaults/governance.ts';
import type { WorkspaceActor } from '../domain/actor.ts';
import {
  addDays,
  localDate,
  missingEvidence,
  nextScheduledDate,
  occurrenceView,
  onTime,
  scheduleText,
} from '../domain/obligations.ts';
import type { ObligationDetail, ObligationSummary, OccurrenceView } from './contract.ts';
import { canObligation, occurrenceAbilities } from './policy.ts';
import { obligationKey, type PartyRef } from './service/common.ts';
import type { OccurrenceBundle } from './service/occurrences.ts';

const person = (id: string | null, names: Map<string, string>) =>
  id ? { membershipId: id, name: names.get(id) ?? null } : null;

export const presentControls = (refs: string[]) =>
  refs.map((ref) => ({ ref, name: controlRefName(ref) ?? ref }));

export const presentEvidenceDefinition = (o: Obligation) => ({
  checklist: o.checklist,
  requiredFiles: o.requiredFiles,
  figure: o.figure ? { name: o.figure.name, unit: o.figure.unit } : null,
  attestation: o.attestation,
});

type Extras = {
  serviceNames: Map<string, string>;
  systemNames: Map<string, string>;
  responsible: Map<string, PartyRef[]>;
  names: Map<string, string>;
};

export function presentObligationSummary(
  o: Obligation,
  extras: Extras,
  stats?: { nextDueOn: string | null; overdue: number },
): ObligationSummary {
  return {
    id: o.id,
    key: obligationKey(o.number),
    number: o.number,
    title: o.title,
    controls: presentControls(o.controls),
    service: { id: o.serviceId, name: extras.serviceNames.get(o.serviceId) ?? '' },
    responsibleParties: extras.responsible.get(o.serviceId) ?? [],
    accountable: person(o.accountableMembershipId, extras.names),
    system: o.systemId ? { id: o.systemId, name: extras.systemNames.get(o.systemId) ?? '' } : null,
    rrule: o.rrule,
    scheduleText: scheduleText(o.rrule),
    timeZone: o.timeZone,
    status: o.status,
    nextDueOn: stats?.nextDueOn ?? nextUnwrittenDate(o),
    overdueCount: stats?.overdue ?? 0,
    version: o.version,
  };
}

/**
 * An active obligation with no open occurrence ahead (a yearly one beyond the written horizon, or
 * all written ones handed in) is next due on the schedule's first date after those written.
 */
function nextUnwrittenDate(o: Obligation, now = new Date()): string | null {
  if (o.status !== 'active') return null;
  const yesterday = addDays(localDate(now, o.timeZone), -1);
  const after = o.generatedUntil !== null && o.generatedUntil > yesterday ? o.generatedUntil : yesterday;
  return nextScheduledDate(o, after);
}

export function presentOccurrences(
  actor: WorkspaceActor,
  b: OccurrenceBundle,
  now = new Date(),
): OccurrenceView[] {
  return b.occurrences.map((o: Occurrence) => {
    const obligation = b.obligations.get(o.obligationId)!;
    const facts = b.facts.get(o.obligationId)!;
    const files = b.files.filter((f) => f.occurrenceId === o.id);
    return {
      id: o.id,
      obligation: { key: obligationKey(obligation.number), title: obligation.title },
      dueOn: o.dueOn,
      dueAt: o.dueAt,
      graceUntil: o.graceUntil,
      status: o.status,
      view: occurrenceView(o, now),
      checkedItems: o.checkedItems,
      figureValue: o.figureValue,
      files: files.map((f) => ({
        id: f.id,
        requirement: f.requirement,
        filename: f.filename,
        contentType: f.contentType,
        sizeBytes: f.sizeBytes,
        uploadedBy: person(f.uploadedByMembershipId, b.names),
        createdAt: f.createdAt,
      })),
      attestedBy: person(o.attestedByMembershipId, b.names),
      submittedAt: o.submittedAt,
      onTime: o.firstSubmittedAt ? onTime(o) : now > o.graceUntil ? false : null,
      reviewedBy: person(o.reviewedByMembershipId, b.names),
      reviewedAt: o.reviewedAt,
      rejectionReason: o.rejectionReason,
      escalationLevel: o.escalationLevel,
      missed: o.missed,
      missing:
        o.status === 'open'
          ? missingEvidence(obligation, {
              checkedItems: o.checkedItems,
              fileRequirements: files.map((f) => f.requirement),
              figureValue: o.figureValue,
              attested: true,
            })
          : [],
      version: o.version,
      abilities: occurrenceAbilities(actor, facts, o),
    };
  });
}

export function presentObligationDetail(
  actor: WorkspaceActor,
  o: Obligation,
  extras: Extras,
  occurrences: OccurrenceBundle,
): ObligationDetail {
  const now = new Date();
  const presented = presentOccurrences(actor, occurrences, now);
  const upcoming = presented
    .filter((x) => x.status === 'open' && x.dueAt >= now)
    .map((x) => x.dueOn)
    .sort();
  return {
    ...presentObligationSummary(o, extras, {
      nextDueOn: upcoming[0] ?? null,
      overdue: presented.filter((x) => x.view === 'overdue').length,
    }),
    description: o.description,
    startsOn: o.startsOn,
    dueTime: o.dueTime,
    graceHours: o.graceHours,
    evidence: presentEvidenceDefinition(o),
    occurrences: presented,
    abilities: { manage: canObligation(actor, 'manage') },
  };
}
