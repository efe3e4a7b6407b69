/**
 * The leaders' readiness checklist (issue #16): ten checks, each a status computed from facts the
 * records hold, the evidence behind it (links to the app's pages with short figures) and the next
 * action in plain words. Pure: the readiness service gathers the facts.
 */
import type { ReviewCadence } from './engagements.ts';
import { PRIORITIES, type Priority } from './tickets.ts';

export const READINESS_CHECK_KEYS = [
  'purpose',
  'internal_owner',
  'responsibility_map',
  'user_experience',
  'escalation',
  'security',
  'knowledge',
  'metrics',
  'roadmap',
  'exit_plan',
] as const;
export type ReadinessCheckKey = (typeof READINESS_CHECK_KEYS)[number];

export const READINESS_STATUSES = ['met', 'partly', 'not_met'] as const;
export type ReadinessStatus = (typeof READINESS_STATUSES)[number];

export const READINESS_TITLES: Record<ReadinessCheckKey, string> = {
  purpose: 'Purpose',
  internal_owner: 'Internal owner',
  responsibility_map: 'Responsibility map',
  user_experience: 'User experience',
  escalation: 'Escalation',
  security: 'Security',
  knowledge: 'Knowledge',
  metrics: 'Metrics',
  roadmap: 'Roadmap',
  exit_plan: 'Exit plan',
};

/** The question each check answers, as the leaders ask it. */
export const READINESS_QUESTIONS: Record<ReadinessCheckKey, string> = {
  purpose: 'Is it written down why the provider is engaged?',
  internal_owner: 'Does someone inside the business own the relationship and the services?',
  responsibility_map: 'Is it clear who does what for major systems, lanes and risk areas?',
  user_experience: 'Do users know where to go and what to expect?',
  escalation: 'Are severity levels, handoffs, incident roles and after-hours cover agreed?',
  security: 'Are access reviews and security obligations kept up?',
  knowledge: 'Can the internal team recover critical systems from what is written down?',
  metrics: 'Is the service reviewed with figures every period?',
  roadmap: 'Is improvement work owned and planned?',
  exit_plan: 'Could the business leave with everything it owns?',
};

/** How far ahead the on-call rota must have no gap. */
export const ROTA_LOOKAHEAD_DAYS = 14;
/** A completed access review older than this is outside the quarterly cadence. */
export const ACCESS_REVIEW_CADENCE_DAYS = 92;
/** An exit package must have been verified within this many days. */
export const EXIT_VERIFIED_WITHIN_DAYS = 90;
/** Obligations' on-time share is read over this window. */
export const OBLIGATION_WINDOW_DAYS = 90;

export const CADENCE_DAYS: Record<ReviewCadence, number> = {
  weekly: 7,
  fortnightly: 14,
  monthly: 31,
  quarterly: 92,
};

export type Evidence = {
  label: string;
  figure: string;
  link: string;
  /** The page behind the link is for the internal party's staff (a provider lead sees the figure only). */
  internalOnly?: true;
};
export type ReadinessCheck = {
  key: ReadinessCheckKey;
  title: string;
  question: string;
  status: ReadinessStatus;
  summary: string;
  evidence: Evidence[];
  /** What to do next, in plain words; null when the check is met. */
  nextAction: string | null;
};

export type EngagementFacts = {
  providerName: string;
  purposes: string[];
  intent: string;
  reviewCadence: ReviewCadence;
  /** The internal relationship owner, when they are an active member of the internal party. */
  ownerName: string | null;
  /** Incident roles the engagement names (commander, communications, vendor contact). */
  incidentRoles: string[];
};

export type ReadinessFacts = {
  engagements: EngagementFacts[];
  /** Active services that carry business decisions, and those whose Accountable party is internal. */
  decisionServices: { total: number; internallyOwned: number };
  map: {
    hasVersion: boolean;
    activeServices: number;
    gaps: Array<{ serviceId: string; serviceName: string; severity: 'gap' | 'warning' }>;
    /** Critical systems (active) and their service, if any. */
    criticalSystems: Array<{ name: string; serviceId: string | null }>;
    /** Services linked to an open risk (directly or through a linked system). */
    riskServiceIds: string[];
  };
  catalogue: { activeItems: number };
  sla: {
    prioritiesWithPolicy: Priority[];
    prioritiesWithEscalation: Priority[];
    coverRules: number;
    /** Uncovered hours of the covering parties' rota over the next ROTA_LOOKAHEAD_DAYS. */
    rotaGapHours: number;
    firstRotaGapAt: Date | null;
  };
  security: {
    lastReviewCompletedAt: Date | null;
    openReviews: number;
    /** Occurrences that fell due in the window, and those handed in before their grace ended. */
    obligationsDue: number;
    obligationsOnTime: number;
    /** Open occurrences past their due time now. */
    obligationsOverdue: number;
  };
  knowledge: { criticalSystems: number; withRecovery: number; staleArticles: number; liveArticles: number };
  /** The last held service review; null when none is recorded. */
  review: { lastHeldAt: Date | null; link: string | null; draft: { key: string; link: string } | null };
  backlog: { open: number; withTargetQuarter: number };
  exit: { lastVerifiedAt: Date | null; lastRunFailed: boolean };
};

const DAY_MS = 86_400_000;
const daysBetween = (from: Date, to: Date) => Math.floor((to.getTime() - from.getTime()) / DAY_MS);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const percent = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

type Draft = Omit<ReadinessCheck, 'key' | 'title' | 'question'>;
/** The status from how many of a check's parts hold: all → met, none → not met, else partly. */
export const statusOf = (held: number, of: number): ReadinessStatus =>
  held >= of ? 'met' : held === 0 ? 'not_met' : 'partly';

function purpose(f: ReadinessFacts, base: string): Draft {
  const link = `${base}/engagement`;
  if (f.engagements.length === 0)
    return {
      status: 'not_met',
      summary: 'No engagement with a provider is recorded yet.',
      evidence: [{ label: 'Engagement', figure: 'none recorded', link }],
      nextAction: 'Record the engagement with your provider: why you engage them and what you intend.',
    };
  const stated = f.engagements.filter((e) => e.purposes.length > 0 && e.intent.trim().length > 0);
  return {
    status: statusOf(stated.length, f.engagements.length),
    summary:
      stated.length === f.engagements.length
        ? `The purpose of ${plural(f.engagements.length, 'engagement')} is written down.`
        : `Engagements with a stated purpose and intent: ${stated.length} of ${f.engagements.length}.`,
    evidence: f.engagements.map((e) => ({
      label: e.providerName,
      figure: e.purposes.length > 0 ? e.purposes.map((p) => p.replace(/_/g, ' ')).join(', ') : 'no purpose',
      link,
    })),
    nextAction:
      stated.length === f.engagements.length
        ? null
        : 'Write down the purpose and intent of each engagement on the engagement page.',
  };
}

function internalOwner(f: ReadinessFacts, base: string): Draft {
  const link = `${base}/engagement`;
  const owned = f.engagements.filter((e) => e.ownerName !== null);
  const ownersOk = f.engagements.length > 0 && owned.length === f.engagements.length;
  const { total, internallyOwned } = f.decisionServices;
  const servicesOk = internallyOwned === total;
  const evidence: Evidence[] = f.engagements.map((e) => ({
    label: `Relationship owner for ${e.providerName}`,
    figure: e.ownerName ?? 'nobody active',
    link,
  }));
  evidence.push({
    label: 'Services carrying business decisions owned internally',
    figure: total === 0 ? 'none marked' : `${internallyOwned} of ${total}`,
    link: `${base}/responsibility`,
  });
  const status = f.engagements.length === 0 ? 'not_met' : statusOf(Number(ownersOk) + Number(servicesOk), 2);
  return {
    status,
    summary:
      f.engagements.length === 0
        ? 'No engagement is recorded, so nobody owns the relationship yet.'
        : `Engagements with an active internal owner: ${owned.length} of ${f.engagements.length}; services carrying business decisions accountable to the internal party: ${internallyOwned} of ${total}.`,
    evidence,
    nextAction:
      status === 'met'
        ? null
        : !ownersOk
          ? 'Name an active member of the internal team as the relationship owner of each engagement.'
          : 'Make the internal party Accountable for every service that carries business decisions.',
  };
}

function responsibilityMap(f: ReadinessFacts, base: string): Draft {
  const { map } = f;
  const link = `${base}/responsibility`;
  if (!map.hasVersion || map.activeServices === 0)
    return {
      status: 'not_met',
      summary: 'No responsibility map is recorded yet.',
      evidence: [{ label: 'Responsibility map', figure: 'none recorded', link }],
      nextAction: 'Set out who is Accountable and Responsible for each service on the responsibility map.',
    };
  const gapServices = new Set(map.gaps.filter((g) => g.severity === 'gap').map((g) => g.serviceId));
  const warnings = map.gaps.filter((g) => g.severity === 'warning').length;
  const majorUnmapped = map.criticalSystems.filter(
    (s) => s.serviceId === null || gapServices.has(s.serviceId),
  );
  const riskGaps = map.riskServiceIds.filter((id) => gapServices.has(id));
  const lanesOk = gapServices.size === 0;
  const status: ReadinessStatus =
    majorUnmapped.length > 0 || riskGaps.length > 0
      ? gapServices.size >= map.activeServices
        ? 'not_met'
        : 'partly'
      : lanesOk && warnings === 0
        ? 'met'
        : 'partly';
  return {
    status,
    summary:
      status === 'met'
        ? `Every one of ${plural(map.activeServices, 'active service')} has someone Accountable and Responsible.`
        : `${plural(gapServices.size, 'service')} with a gap, ${plural(warnings, 'warning')}; ${plural(majorUnmapped.length, 'critical system')} and ${plural(riskGaps.length, 'risk area')} affected.`,
    evidence: [
      {
        label: 'Lanes (services) with a gap',
        figure: `${gapServices.size} of ${map.activeServices}`,
        link,
      },
      {
        label: 'Critical systems without a complete map',
        figure: `${majorUnmapped.length} of ${map.criticalSystems.length}`,
        link: `${base}/systems`,
      },
      {
        label: 'Risk areas without a complete map',
        figure: `${riskGaps.length} of ${new Set(map.riskServiceIds).size}`,
        link: `${base}/risks`,
      },
    ],
    nextAction:
      status === 'met'
        ? null
        : majorUnmapped.length > 0
          ? `Give ${majorUnmapped
              .slice(0, 3)
              .map((s) => s.name)
              .join(', ')} a service with an Accountable and a Responsible party.`
          : gapServices.size > 0
            ? 'Propose a map change that fills the gaps the map page lists.'
            : 'Review the warnings on the map page (a provider Accountable for business decisions).',
  };
}

function userExperience(f: ReadinessFacts, base: string): Draft {
  const covered = PRIORITIES.filter((p) => f.sla.prioritiesWithPolicy.includes(p));
  const catalogueOk = f.catalogue.activeItems > 0;
  const slaOk = covered.length === PRIORITIES.length;
  const status = statusOf(Number(catalogueOk) + Number(slaOk), 2);
  return {
    status,
    summary: slaOk
      ? 'Requesters ask from the catalogue and see when to expect a reply and a resolution.'
      : `Requesters see expected times only for ${covered.length > 0 ? covered.join(', ') : 'no priority'}.`,
    evidence: [
      {
        label: 'Catalogue items requesters can ask for',
        figure: String(f.catalogue.activeItems),
        link: `${base}/portal`,
      },
      {
        label: 'Priorities with response and resolution targets',
        figure: `${covered.length} of ${PRIORITIES.length}`,
        link: `${base}/sla`,
      },
    ],
    nextAction:
      status === 'met'
        ? null
        : !catalogueOk
          ? 'Publish catalogue items so requesters know where to ask.'
          : `Set SLA targets for ${PRIORITIES.filter((p) => !covered.includes(p)).join(', ')} so requesters know what to expect.`,
  };
}

function escalation(f: ReadinessFacts, base: string): Draft {
  const link = `${base}/sla`;
  const severities = PRIORITIES.filter((p) => f.sla.prioritiesWithPolicy.includes(p)).length;
  const handoffs = (['P1', 'P2'] as const).filter((p) => f.sla.prioritiesWithEscalation.includes(p)).length;
  const roles = new Set(f.engagements.flatMap((e) => e.incidentRoles));
  const rolesOk = roles.has('commander') && roles.has('communications');
  const coverOk = f.sla.coverRules > 0 && f.sla.rotaGapHours === 0;
  const parts = [severities === PRIORITIES.length, handoffs === 2, rolesOk, coverOk];
  const status = statusOf(parts.filter(Boolean).length, parts.length);
  const next = [
    severities < PRIORITIES.length && 'Set response and resolution targets for every priority.',
    handoffs < 2 &&
      'Add escalation rules for P1 and P2: who is told, and who takes over, at what share of the target.',
    !rolesOk && 'Name the incident commander and communications roles in the engagement.',
    f.sla.coverRules === 0 && 'Say which party covers after hours.',
    f.sla.coverRules > 0 &&
      f.sla.rotaGapHours > 0 &&
      `Fill the on-call rota gap${f.sla.firstRotaGapAt ? ` from ${isoDay(f.sla.firstRotaGapAt)}` : ''}.`,
  ].filter((x): x is string => typeof x === 'string');
  return {
    status,
    summary:
      status === 'met'
        ? `Targets for every priority, escalation for P1 and P2, incident roles named, and on-call cover for the next ${ROTA_LOOKAHEAD_DAYS} days.`
        : `${parts.filter(Boolean).length} of ${parts.length} escalation arrangements are in place.`,
    evidence: [
      { label: 'Severity levels with targets', figure: `${severities} of ${PRIORITIES.length}`, link },
      { label: 'Handoff rules for P1 and P2', figure: `${handoffs} of 2`, link },
      {
        label: 'Incident roles named',
        figure: roles.size === 0 ? 'none' : [...roles].map((r) => r.replace(/_/g, ' ')).join(', '),
        link: `${base}/engagement`,
      },
      {
        label: `After-hours cover, rota gaps in the next ${ROTA_LOOKAHEAD_DAYS} days`,
        figure:
          f.sla.coverRules === 0
            ? 'no cover rule'
            : f.sla.rotaGapHours === 0
              ? 'no gap'
              : `${Math.ceil(f.sla.rotaGapHours)} h uncovered`,
        link,
      },
    ],
    nextAction: next[0] ?? null,
  };
}

function security(f: ReadinessFacts, base: string, now: Date): Draft {
  const s = f.security;
  const age = s.lastReviewCompletedAt ? daysBetween(s.lastReviewCompletedAt, now) : null;
  const reviewOk = age !== null && age <= ACCESS_REVIEW_CADENCE_DAYS;
  const obligationsOk = s.obligationsOverdue === 0 && s.obligationsOnTime === s.obligationsDue;
  const nothingRecorded = age === null && s.obligationsDue === 0 && s.obligationsOverdue === 0;
  const status = nothingRecorded ? 'not_met' : statusOf(Number(reviewOk) + Number(obligationsOk), 2);
  return {
    status,
    summary:
      age === null
        ? 'No access review has been completed yet.'
        : `Last access review completed ${plural(age, 'day')} ago; ${s.obligationsOnTime} of ${s.obligationsDue} obligations handed in on time, ${s.obligationsOverdue} overdue.`,
    evidence: [
      {
        label: 'Last completed access review',
        figure: s.lastReviewCompletedAt ? `${isoDay(s.lastReviewCompletedAt)} (${age} days ago)` : 'none',
        link: `${base}/access/reviews`,
      },
      {
        label: `Obligations on time (last ${OBLIGATION_WINDOW_DAYS} days)`,
        figure: `${percent(s.obligationsOnTime, s.obligationsDue)} of ${s.obligationsDue}`,
        link: `${base}/obligations`,
      },
      { label: 'Obligations overdue now', figure: String(s.obligationsOverdue), link: `${base}/obligations` },
    ],
    nextAction:
      status === 'met'
        ? null
        : !reviewOk
          ? s.openReviews > 0
            ? 'Finish the open access review.'
            : 'Start an access review of every provider account and its rights.'
          : 'Hand in the overdue obligations’ evidence.',
  };
}

function knowledge(f: ReadinessFacts, base: string): Draft {
  const k = f.knowledge;
  if (k.criticalSystems === 0)
    return {
      status: 'not_met',
      summary: 'No critical system is registered, so recovery readiness cannot be shown.',
      evidence: [{ label: 'Critical systems', figure: 'none registered', link: `${base}/systems` }],
      nextAction: 'Register the business-critical systems and link their recovery steps.',
    };
  const allRecoverable = k.withRecovery === k.criticalSystems;
  const status: ReadinessStatus =
    allRecoverable && k.staleArticles === 0
      ? 'met'
      : k.withRecovery * 2 >= k.criticalSystems
        ? 'partly'
        : 'not_met';
  return {
    status,
    summary: `Critical systems with recovery steps: ${k.withRecovery} of ${k.criticalSystems}; articles past their review date: ${k.staleArticles}.`,
    evidence: [
      {
        label: 'Critical systems with recovery steps',
        figure: `${percent(k.withRecovery, k.criticalSystems)} (${k.withRecovery} of ${k.criticalSystems})`,
        link: `${base}/knowledge-health`,
      },
      {
        label: 'Articles past their review date',
        figure: `${k.staleArticles} of ${k.liveArticles}`,
        link: `${base}/knowledge`,
      },
    ],
    nextAction:
      status === 'met'
        ? null
        : !allRecoverable
          ? 'Write recovery steps for the critical systems that have none.'
          : 'Review the articles that are past their review date.',
  };
}

function metrics(f: ReadinessFacts, base: string, now: Date): Draft {
  const cadence = f.engagements[0]?.reviewCadence ?? 'monthly';
  const link = f.review.link ?? `${base}/engagement`;
  const cadenceEvidence = { label: 'Review cadence', figure: cadence, link: `${base}/engagement` };
  const { draft } = f.review;
  const draftEvidence = draft ? [{ label: 'Review in draft', figure: draft.key, link: draft.link }] : [];
  if (!f.review.lastHeldAt)
    return {
      status: 'not_met',
      summary: draft
        ? `No service review has been held yet; ${draft.key} is in draft.`
        : 'No service reviews are recorded yet.',
      evidence: [...draftEvidence, cadenceEvidence],
      nextAction: draft ? `Hold ${draft.key} and mark it held.` : 'Hold the first service review.',
    };
  const age = daysBetween(f.review.lastHeldAt, now);
  // Held within the last period (plus the current one still running): on cadence.
  const met = age <= CADENCE_DAYS[cadence] * 2;
  return {
    status: met ? 'met' : 'partly',
    summary: `The last service review was held ${plural(age, 'day')} ago (${cadence} cadence).`,
    evidence: [
      { label: 'Last service review held', figure: isoDay(f.review.lastHeldAt), link },
      ...draftEvidence,
      cadenceEvidence,
    ],
    nextAction: met
      ? null
      : `Hold the service review for the last period${draft ? ` (${draft.key} is in draft)` : ''}.`,
  };
}

function roadmap(f: ReadinessFacts, base: string): Draft {
  const link = `${base}/backlog`;
  const { open, withTargetQuarter } = f.backlog;
  if (open === 0)
    return {
      status: 'not_met',
      summary: 'The improvement backlog has no open items.',
      evidence: [{ label: 'Open backlog items', figure: '0', link }],
      nextAction: 'Add the improvements you plan, each with an owner party and a target quarter.',
    };
  const status: ReadinessStatus = withTargetQuarter === open ? 'met' : 'partly';
  return {
    status,
    summary: `Open backlog items with an owner and a target quarter: ${withTargetQuarter} of ${open}.`,
    evidence: [
      { label: 'Open backlog items (each with an owner party)', figure: String(open), link },
      { label: 'With a target quarter', figure: `${withTargetQuarter} of ${open}`, link },
    ],
    nextAction: status === 'met' ? null : 'Give every open backlog item a target quarter.',
  };
}

function exitPlan(f: ReadinessFacts, base: string, now: Date): Draft {
  const link = `${base}/exit`;
  const at = f.exit.lastVerifiedAt;
  const age = at ? daysBetween(at, now) : null;
  const status: ReadinessStatus =
    age === null ? 'not_met' : age <= EXIT_VERIFIED_WITHIN_DAYS ? 'met' : 'partly';
  return {
    status,
    summary:
      age === null
        ? 'No exit package has been verified yet.'
        : `The exit package was last verified ${plural(age, 'day')} ago.`,
    evidence: [
      {
        label: 'Last verified exit package',
        figure: at ? `${isoDay(at)}${f.exit.lastRunFailed ? ' (a later run failed)' : ''}` : 'none',
        link,
        internalOnly: true,
      },
    ],
    nextAction:
      status === 'met'
        ? null
        : `Verify an exit package on the exit plan page (needed within ${EXIT_VERIFIED_WITHIN_DAYS} days).`,
  };
}

/** The ten checks in the leaders' order. `base` is the workspace's app path (/w/acme). */
export function assessReadiness(facts: ReadinessFacts, base: string, now: Date): ReadinessCheck[] {
  const drafts: Record<ReadinessCheckKey, Draft> = {
    purpose: purpose(facts, base),
    internal_owner: internalOwner(facts, base),
    responsibility_map: responsibilityMap(facts, base),
    user_experience: userExperience(facts, base),
    escalation: escalation(facts, base),
    security: security(facts, base, now),
    knowledge: knowledge(facts, base),
    metrics: metrics(facts, base, now),
    roadmap: roadmap(facts, base),
    exit_plan: exitPlan(facts, base, now),
  };
  return READINESS_CHECK_KEYS.map((key) => ({
    key,
    title: READINESS_TITLES[key],
    question: READINESS_QUESTIONS[key],
    ...drafts[key],
  }));
}

export const readinessSummary = (checks: Pick<ReadinessCheck, 'status'>[]) => ({
  met: checks.filter((c) => c.status === 'met').length,
  partly: checks.filter((c) => c.status === 'partly').length,
  notMet: checks.filter((c) => c.status === 'not_met').length,
});

/** Uncovered hours of [from, from + days) given the gaps a rota reports. */
export const gapHours = (gaps: { start: Date; end: Date }[]) =>
  gaps.reduce((h, g) => h + (g.end.getTime() - g.start.getTime()) / 3_600_000, 0);
