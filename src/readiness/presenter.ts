import { isInternal, isStaff, type WorkspaceActor } from '../domain/actor.ts';
import type { LeadHome, Readiness } from './contract.ts';
import type { getLeadHome, getReadiness } from './service.ts';

/**
 * The checklist as the API sends it. Evidence whose page only the internal party's staff may open
 * keeps its figure but loses its link for anyone else (a provider lead would meet a refusal).
 */
export const presentReadiness = (
  actor: WorkspaceActor,
  r: Awaited<ReturnType<typeof getReadiness>>,
): Readiness => ({
  computedAt: r.computedAt,
  summary: r.summary,
  checks: r.checks.map((c) => ({
    key: c.key,
    title: c.title,
    question: c.question,
    status: c.status,
    summary: c.summary,
    evidence: c.evidence.map((e) => ({
      label: e.label,
      figure: e.figure,
      link: e.internalOnly && !(isStaff(actor) && isInternal(actor)) ? null : e.link,
    })),
    nextAction: c.nextAction,
  })),
});

export const presentLeadHome = (h: Awaited<ReturnType<typeof getLeadHome>>): LeadHome => ({
  computedAt: h.computedAt,
  readiness: h.readiness,
  slaAtRisk: h.slaAtRisk,
  risks: h.risks,
  obligations: h.obligations,
});
