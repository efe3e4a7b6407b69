import { and, eq } from 'drizzle-orm';
import { registerChangeDecisionOutcomes, submitChange } from '../changes/service/approval.ts';
import { createChange } from '../changes/service/draft.ts';
import { createFreeze } from '../changes/service/freezes.ts';
import {
  addReviewAction,
  closeChange,
  completeChange,
  saveReview,
  startChange,
} from '../changes/service/progress.ts';
import { proposeTemplate } from '../changes/service/templates.ts';
import type { Database } from '../db/client.ts';
import { type Change, changes } from '../db/schema/changes.ts';
import { decisions } from '../db/schema/decisions.ts';
import { services } from '../db/schema/responsibility.ts';
import { systems } from '../db/schema/systems.ts';
import { withScopedTx } from '../db/tenant.ts';
import { decide } from '../decisions/service.ts';
import type { ChangeOutcome, ChangeType } from '../domain/changes.ts';
import { contextFor, type DemoStaff } from './responsibility.ts';

export type ChangeDemoPeople = DemoStaff & {
  internalPartyId: string;
  providerPartyId: string;
};

const DAY = 86_400_000;

type Story = {
  title: string;
  type: ChangeType;
  /** Days from today (UTC midnight) and the UTC hour the window starts; hours it lasts. */
  day: number;
  hour: number;
  hours: number;
  service: string;
  systems: string[];
  likelihood: number;
  impact: number;
  by: 'engineer' | 'agent' | 'lead';
  /** How far it got. */
  end: 'draft' | 'submitted' | 'rejected' | 'scheduled' | ChangeOutcome | 'closed';
  outcome?: ChangeOutcome;
  review?: { summary: string; lessons: string; action?: string };
  emergencyReason?: string;
  userImpact?: string;
  downtime?: number;
};

const STORIES: Story[] = [
  {
    title: 'Core switch firmware 17.9.4',
    type: 'normal',
    day: -75,
    hour: 21,
    hours: 2,
    service: 'network',
    systems: ['Core network switch'],
    likelihood: 2,
    impact: 4,
    by: 'engineer',
    end: 'closed',
    outcome: 'implemented',
    userImpact: 'Network drops for up to 10 minutes',
    downtime: 10,
  },
  {
    title: 'ERP (NAV) cumulative update CU42',
    type: 'normal',
    day: -52,
    hour: 19,
    hours: 3,
    service: 'line-of-business-apps',
    systems: ['ERP (Dynamics NAV)'],
    likelihood: 3,
    impact: 4,
    by: 'engineer',
    end: 'closed',
    outcome: 'failed',
    downtime: 180,
    userImpact: 'ERP unavailable in the evening',
    review: {
      summary:
        'The update stopped at the database schema step: a custom report table blocked the migration. The snapshot was restored at 22:40.',
      lessons: 'Run the update on a copy of production first; list the customisations before each update.',
      action: 'Build a production-sized ERP test copy',
    },
  },
  {
    title: 'Patch the VPN gateway (exploited flaw)',
    type: 'emergency',
    day: -33,
    hour: 23,
    hours: 1,
    service: 'security-monitoring',
    systems: ['Core network switch'],
    likelihood: 2,
    impact: 5,
    by: 'engineer',
    end: 'closed',
    outcome: 'implemented',
    emergencyReason:
      'A remote-code-execution flaw in the VPN gateway is being exploited in the wild; the vendor asks for immediate patching.',
    userImpact: 'Remote staff reconnect once',
    downtime: 5,
    review: {
      summary: 'Patched at 23:20 after the on-call authorisation; no exploitation found in the logs.',
      lessons:
        'Keep the gateway on the vendor advisory list; the on-call delegate could authorise within 10 minutes.',
    },
  },
  {
    title: 'Backup appliance storage expansion',
    type: 'normal',
    day: -21,
    hour: 18,
    hours: 2,
    service: 'backup-recovery',
    systems: ['Backup appliance'],
    likelihood: 1,
    impact: 3,
    by: 'engineer',
    end: 'implemented',
    outcome: 'implemented',
  },
  {
    title: 'Conditional access: block legacy authentication',
    type: 'normal',
    day: -8,
    hour: 20,
    hours: 1,
    service: 'identity-access',
    systems: ['Microsoft 365 tenant'],
    likelihood: 3,
    impact: 3,
    by: 'agent',
    end: 'backed_out',
    outcome: 'backed_out',
    userImpact: 'Old mail clients stop connecting',
  },
  {
    title: 'Monthly server patching (March)',
    type: 'standard',
    day: -12,
    hour: 22,
    hours: 2,
    service: 'patch-management',
    systems: ['File server'],
    likelihood: 1,
    impact: 2,
    by: 'engineer',
    end: 'closed',
    outcome: 'implemented',
  },
  {
    title: 'Wi-Fi controller upgrade',
    type: 'normal',
    day: 5,
    hour: 19,
    hours: 2,
    service: 'network',
    systems: ['Core network switch'],
    likelihood: 2,
    impact: 2,
    by: 'engineer',
    end: 'scheduled',
    downtime: 15,
  },
  {
    title: 'ERP database index maintenance',
    type: 'normal',
    day: 9,
    hour: 20,
    hours: 3,
    service: 'line-of-business-apps',
    systems: ['ERP (Dynamics NAV)'],
    likelihood: 2,
    impact: 3,
    by: 'engineer',
    end: 'scheduled',
  },
  {
    title: 'File server OS patching',
    type: 'normal',
    day: 9,
    hour: 21,
    hours: 2,
    service: 'servers-infrastructure',
    systems: ['File server'],
    likelihood: 2,
    impact: 3,
    by: 'engineer',
    end: 'submitted',
    downtime: 30,
  },
  {
    title: 'Printer fleet driver migration',
    type: 'normal',
    day: 14,
    hour: 9,
    hours: 4,
    service: 'endpoint-management',
    systems: ['Laptop fleet'],
    likelihood: 3,
    impact: 2,
    by: 'engineer',
    end: 'rejected',
  },
  {
    title: 'Replace the backup appliance',
    type: 'normal',
    day: 45,
    hour: 18,
    hours: 6,
    service: 'backup-recovery',
    systems: ['Backup appliance'],
    likelihood: 3,
    impact: 4,
    by: 'engineer',
    end: 'draft',
  },
];

/**
 * Acme's three months of changes through the real use cases (one failed with its review and a
 * backlog action, one emergency at night, one backed out, a standard change from an approved
 * template), then the month-end freeze. Past changes get their history's own times afterwards.
 */
export async function seedDemoChanges(db: Database, workspaceId: string, people: ChangeDemoPeople) {
  registerChangeDecisionOutcomes();
  const ctx = {
    lead: await contextFor(db, workspaceId, people.lead, true),
    agent: await contextFor(db, workspaceId, people.agent),
    engineer: await contextFor(db, workspaceId, people.engineer),
    providerLead: await contextFor(db, workspaceId, people.providerLead),
  };
  const lookup = await withScopedTx(db, { workspaceId, accountId: null }, async (tx) => ({
    services: await tx
      .select({ id: services.id, key: services.key })
      .from(services)
      .where(eq(services.workspaceId, workspaceId)),
    systems: await tx
      .select({ id: systems.id, name: systems.name })
      .from(systems)
      .where(eq(systems.workspaceId, workspaceId)),
  }));
  const serviceId = (key: string) => lookup.services.find((s) => s.key === key)?.id;
  const systemIds = (names: string[]) =>
    lookup.systems.filter((s) => names.includes(s.name)).map((s) => s.id);

  const template = await proposeTemplate(ctx.engineer, {
    title: 'Monthly server patching',
    description: 'Vendor security updates for Windows servers, in the agreed window.',
    implementationPlan: 'Snapshot, apply the month’s approved updates, reboot one server at a time.',
    testPlan: 'Services respond; monitoring is green for 30 minutes.',
    backoutPlan: 'Revert to the snapshot.',
    likelihood: 1,
    impact: 2,
  });
  await decide(
    ctx.lead,
    template.decision.number,
    'approved',
    'Routine, low risk, with a tested back-out; pre-approved.',
  );

  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  const past: Array<{ change: Change; story: Story }> = [];
  for (const story of STORIES) {
    const author = ctx[story.by];
    const start = new Date(midnight.getTime() + story.day * DAY + story.hour * 3600_000);
    const serviceIdFor = serviceId(story.service);
    let change = await createChange(author, {
      type: story.type,
      ...(story.type === 'standard' && { templateId: template.template.id }),
      title: story.title,
      description: '',
      serviceIds: serviceIdFor ? [serviceIdFor] : [],
      systemIds: systemIds(story.systems),
      ticketKeys: [],
      problemKeys: [],
      incidentKeys: [],
      likelihood: story.likelihood,
      impact: story.impact,
      implementationPlan: 'Follow the vendor procedure; keep the change log in the ticket.',
      testPlan: 'Users in two departments confirm the service works.',
      backoutPlan: 'Restore the pre-change snapshot or configuration backup.',
      plannedStart: start,
      plannedEnd: new Date(start.getTime() + story.hours * 3600_000),
      timezone: 'Europe/London',
      userImpact: story.userImpact ?? '',
      downtimeMinutes: story.downtime ?? 0,
      emergencyReason: story.emergencyReason ?? null,
    });
    if (story.end === 'draft') continue;
    change = await submitChange(author, change.number, change.version);
    if (story.end === 'submitted') continue;
    if (change.decisionId) {
      const decisionId = change.decisionId;
      const decisionNumber = await withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
        const [d] = await tx
          .select({ number: decisions.number })
          .from(decisions)
          .where(eq(decisions.id, decisionId));
        return d!.number;
      });
      const decider = ctx.lead;
      if (story.end === 'rejected') {
        await decide(
          decider,
          decisionNumber,
          'rejected',
          'Not during the month-end close: move it to the week after.',
        );
        continue;
      }
      await decide(
        decider,
        decisionNumber,
        'approved',
        story.type === 'emergency'
          ? 'Exploited in the wild: patch tonight.'
          : 'Risk and back-out plan are acceptable; the window suits the business.',
      );
    }
    if (story.end === 'scheduled') continue;
    // The internal lead records progress for the demo (whoever the implementing party is).
    const started = await startChange(
      ctx.lead,
      change.number,
      (await reload(db, workspaceId, change.number)).version,
    );
    const done = await completeChange(ctx.lead, change.number, {
      version: started.version,
      outcome: story.outcome ?? 'implemented',
      note:
        story.outcome === 'failed'
          ? 'Stopped at the schema step; snapshot restored.'
          : story.outcome === 'backed_out'
            ? 'Two warehouse scanners still use basic authentication; rolled back.'
            : 'Done as planned.',
    });
    let latest = done;
    if (story.review) {
      latest = await saveReview(ctx.engineer, change.number, { version: latest.version, ...story.review });
      if (story.review.action)
        await addReviewAction(ctx.engineer, change.number, {
          title: story.review.action,
          why: `From the review of ${story.title}.`,
          ownerPartyId: people.providerPartyId,
          priority: 'high',
        });
      latest = await reload(db, workspaceId, change.number);
    }
    if (story.end === 'closed') latest = await closeChange(ctx.lead, change.number, latest.version);
    past.push({ change: latest, story });
  }
  await backdate(db, workspaceId, past);

  // This month's month-end close: the last two days of the month and the first of the next.
  const monthEnd = new Date(Date.UTC(midnight.getUTCFullYear(), midnight.getUTCMonth() + 1, 1));
  await createFreeze(ctx.lead, {
    title: 'Month-end close',
    startsAt: new Date(monthEnd.getTime() - 2 * DAY),
    endsAt: new Date(monthEnd.getTime() + DAY),
    reason: 'Finance closes the books; no changes to ERP, payroll or the network.',
  });
}

async function reload(db: Database, workspaceId: string, number: number) {
  const [row] = await withScopedTx(db, { workspaceId, accountId: null }, (tx) =>
    tx
      .select()
      .from(changes)
      .where(and(eq(changes.workspaceId, workspaceId), eq(changes.number, number))),
  );
  return row!;
}

/** Past changes carry the times of their own history (started and completed in their window). */
async function backdate(db: Database, workspaceId: string, past: Array<{ change: Change; story: Story }>) {
  await withScopedTx(db, { workspaceId, accountId: null }, async (tx) => {
    for (const { change } of past) {
      const start = change.plannedStart!;
      const end = change.plannedEnd!;
      await tx
        .update(changes)
        .set({
          submittedAt: new Date(start.getTime() - 5 * DAY),
          approvedAt: new Date(start.getTime() - 3 * DAY),
          startedAt: start,
          completedAt: end,
          closedAt: change.closedAt ? new Date(end.getTime() + 2 * DAY) : null,
          createdAt: new Date(start.getTime() - 7 * DAY),
          updatedAt: change.closedAt ? new Date(end.getTime() + 2 * DAY) : end,
        })
        .where(eq(changes.id, change.id));
    }
  });
}
