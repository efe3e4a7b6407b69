import type { LeadHome, Readiness } from './contract.ts';
import type { getLeadHome, getReadiness } from './service.ts';

/** The checklist as the API sends it (the domain's checks already carry only published fields). */
export const presentReadiness = (r: Awaited<ReturnType<typeof getReadiness>>): Readiness => ({
  computedAt: r.computedAt,
  summary: r.summary,
  checks: r.checks.map((c) => ({
    key: c.key,
    title: c.title,
    question: c.question,
    status: c.status,
    summary: c.summary,
    evidence: c.evidence.map((e) => ({ label: e.label, figure: e.figure, link: e.link })),
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
