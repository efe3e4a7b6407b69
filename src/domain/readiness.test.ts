import { describe, expect, it } from 'vitest';
import {
  assessReadiness,
  READINESS_CHECK_KEYS,
  type ReadinessCheckKey,
  type ReadinessFacts,
  type ReadinessStatus,
  readinessSummary,
  statusOf,
} from './readiness.ts';

const NOW = new Date('2026-12-02T10:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 86_400_000);
const BASE = '/w/acme';

/** A workspace where every check holds. */
const ready = (): ReadinessFacts => ({
  engagements: [
    {
      providerName: 'Northwind',
      purposes: ['capacity'],
      intent: 'Cover the service desk and specialist depth.',
      reviewCadence: 'monthly',
      ownerName: 'Alice Hart',
      incidentRoles: ['commander', 'communications'],
    },
  ],
  decisionServices: { total: 3, internallyOwned: 3 },
  map: {
    hasVersion: true,
    activeServices: 5,
    gaps: [],
    criticalSystems: [{ name: 'ERP', serviceId: 's1' }],
    riskServiceIds: ['s2'],
  },
  catalogue: { activeItems: 4 },
  sla: {
    prioritiesWithPolicy: ['P1', 'P2', 'P3', 'P4'],
    prioritiesWithEscalation: ['P1', 'P2'],
    coverRules: 1,
    rotaGapHours: 0,
    firstRotaGapAt: null,
  },
  security: {
    lastReviewCompletedAt: daysAgo(30),
    openReviews: 0,
    obligationsDue: 6,
    obligationsOnTime: 6,
    obligationsOverdue: 0,
  },
  knowledge: { criticalSystems: 2, withRecovery: 2, staleArticles: 0, liveArticles: 10 },
  review: { lastHeldAt: daysAgo(20), link: '/w/acme/reviews/7', draft: null },
  backlog: { open: 3, withTargetQuarter: 3 },
  exit: { lastVerifiedAt: daysAgo(10), lastRunFailed: false },
});

const check = (facts: ReadinessFacts, key: ReadinessCheckKey) =>
  assessReadiness(facts, BASE, NOW).find((c) => c.key === key)!;
const statusOfCheck = (facts: ReadinessFacts, key: ReadinessCheckKey) => check(facts, key).status;

describe('assessReadiness', () => {
  it('gives ten checks in the leaders’ order, all met with no next action when every fact holds', () => {
    const checks = assessReadiness(ready(), BASE, NOW);
    expect(checks.map((c) => c.key)).toEqual([...READINESS_CHECK_KEYS]);
    expect(checks.map((c) => c.status)).toEqual(Array(10).fill('met'));
    expect(checks.every((c) => c.nextAction === null)).toBe(true);
    expect(readinessSummary(checks)).toEqual({ met: 10, partly: 0, notMet: 0 });
  });

  it('links every piece of evidence to a page of the workspace', () => {
    for (const c of assessReadiness(ready(), BASE, NOW)) {
      expect(c.evidence.length).toBeGreaterThan(0);
      for (const e of c.evidence) expect(e.link).toMatch(/^\/w\/acme\/[a-z-]+(\/[\w-]+)*$/);
    }
  });

  it('says plainly when nothing is recorded: no engagement, map, reviews or exit package', () => {
    const empty: ReadinessFacts = {
      ...ready(),
      engagements: [],
      decisionServices: { total: 0, internallyOwned: 0 },
      map: { hasVersion: false, activeServices: 0, gaps: [], criticalSystems: [], riskServiceIds: [] },
      security: {
        lastReviewCompletedAt: null,
        openReviews: 0,
        obligationsDue: 0,
        obligationsOnTime: 0,
        obligationsOverdue: 0,
      },
      knowledge: { criticalSystems: 0, withRecovery: 0, staleArticles: 0, liveArticles: 0 },
      review: { lastHeldAt: null, link: null, draft: null },
      backlog: { open: 0, withTargetQuarter: 0 },
      exit: { lastVerifiedAt: null, lastRunFailed: false },
    };
    const checks = assessReadiness(empty, BASE, NOW);
    const by = (k: ReadinessCheckKey) => checks.find((c) => c.key === k)!;
    for (const k of [
      'purpose',
      'internal_owner',
      'responsibility_map',
      'security',
      'knowledge',
      'metrics',
      'roadmap',
      'exit_plan',
    ] as const)
      expect(by(k).status, k).toBe('not_met');
    expect(by('metrics').summary).toBe('No service reviews are recorded yet.');
    expect(by('metrics').nextAction).toBe('Hold the first service review.');
    // A review in draft (the period job opened it) is what to hold, and the check links to it.
    const drafted = assessReadiness(
      { ...empty, review: { ...empty.review, draft: { key: 'REV-1', link: `${BASE}/reviews/REV-1` } } },
      BASE,
      NOW,
    ).find((c) => c.key === 'metrics')!;
    expect(drafted.summary).toBe('No service review has been held yet; REV-1 is in draft.');
    expect(drafted.nextAction).toBe('Hold REV-1 and mark it held.');
    expect(drafted.evidence[0]).toEqual({
      label: 'Review in draft',
      figure: 'REV-1',
      link: `${BASE}/reviews/REV-1`,
    });
    expect(by('purpose').summary).toBe('No engagement with a provider is recorded yet.');
    expect(by('exit_plan').summary).toBe('No exit package has been verified yet.');
    expect(checks.every((c) => c.status === 'met' || (c.nextAction ?? '').length > 0)).toBe(true);
  });

  const cases: Array<[string, (f: ReadinessFacts) => unknown, ReadinessCheckKey, ReadinessStatus]> = [
    [
      'an engagement without a stated purpose',
      (f: ReadinessFacts) => (f.engagements[0]!.purposes = []),
      'purpose',
      'not_met',
    ],
    [
      'a relationship owner who left',
      (f: ReadinessFacts) => (f.engagements[0]!.ownerName = null),
      'internal_owner',
      'partly',
    ],
    [
      'a decision-carrying service accountable to the provider',
      (f: ReadinessFacts) => (f.decisionServices.internallyOwned = 2),
      'internal_owner',
      'partly',
    ],
    [
      'a lane with a gap',
      (f: ReadinessFacts) => f.map.gaps.push({ serviceId: 's9', serviceName: 'Print', severity: 'gap' }),
      'responsibility_map',
      'partly',
    ],
    [
      'a critical system outside the map',
      (f: ReadinessFacts) => f.map.criticalSystems.push({ name: 'Payroll', serviceId: null }),
      'responsibility_map',
      'partly',
    ],
    ['no catalogue', (f: ReadinessFacts) => (f.catalogue.activeItems = 0), 'user_experience', 'partly'],
    [
      'no catalogue and no SLA targets',
      (f: ReadinessFacts) => {
        f.catalogue.activeItems = 0;
        f.sla.prioritiesWithPolicy = [];
      },
      'user_experience',
      'not_met',
    ],
    [
      'a rota gap in the next 14 days',
      (f: ReadinessFacts) => (f.sla.rotaGapHours = 12),
      'escalation',
      'partly',
    ],
    [
      'no escalation rule for P1',
      (f: ReadinessFacts) => (f.sla.prioritiesWithEscalation = ['P2']),
      'escalation',
      'partly',
    ],
    [
      'an access review older than the quarterly cadence',
      (f: ReadinessFacts) => (f.security.lastReviewCompletedAt = daysAgo(120)),
      'security',
      'partly',
    ],
    [
      'an overdue obligation',
      (f: ReadinessFacts) => (f.security.obligationsOverdue = 1),
      'security',
      'partly',
    ],
    [
      'a critical system without recovery steps',
      (f: ReadinessFacts) => (f.knowledge.withRecovery = 1),
      'knowledge',
      'partly',
    ],
    [
      'most critical systems without recovery steps',
      (f: ReadinessFacts) => {
        f.knowledge.criticalSystems = 4;
        f.knowledge.withRecovery = 1;
      },
      'knowledge',
      'not_met',
    ],
    ['stale articles', (f: ReadinessFacts) => (f.knowledge.staleArticles = 2), 'knowledge', 'partly'],
    [
      'a review held three months ago',
      (f: ReadinessFacts) => (f.review.lastHeldAt = daysAgo(95)),
      'metrics',
      'partly',
    ],
    [
      'backlog items without a target quarter',
      (f: ReadinessFacts) => (f.backlog.withTargetQuarter = 1),
      'roadmap',
      'partly',
    ],
    [
      'an exit package verified 100 days ago',
      (f: ReadinessFacts) => (f.exit.lastVerifiedAt = daysAgo(100)),
      'exit_plan',
      'partly',
    ],
  ];
  it.each(cases)('%s makes %s %s', (_label, change, key, expected) => {
    const facts = ready();
    change(facts);
    const c = check(facts, key);
    expect(c.status).toBe(expected);
    expect(c.nextAction).toBeTruthy();
  });

  it('names the first rota gap in the next action', () => {
    const facts = ready();
    facts.sla.rotaGapHours = 12;
    facts.sla.firstRotaGapAt = new Date('2026-12-10T21:00:00Z');
    expect(check(facts, 'escalation').nextAction).toBe('Fill the on-call rota gap from 2026-12-10.');
  });

  it('a review held inside the last period keeps Metrics met and links to it', () => {
    const c = check(ready(), 'metrics');
    expect(c.evidence[0]).toEqual({
      label: 'Last service review held',
      figure: daysAgo(20).toISOString().slice(0, 10),
      link: '/w/acme/reviews/7',
    });
    const weekly = ready();
    weekly.engagements[0]!.reviewCadence = 'weekly';
    expect(statusOfCheck(weekly, 'metrics')).toBe('partly');
  });
});

describe('statusOf', () => {
  it.each([
    [2, 2, 'met'],
    [1, 2, 'partly'],
    [0, 2, 'not_met'],
  ] as const)('%i of %i parts → %s', (held, of, expected) => expect(statusOf(held, of)).toBe(expected));
});
