import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { nextNumber } from '../db/counters.ts';
import { type EvidenceFigure, obligations } from '../db/schema/obligations.ts';
import { services } from '../db/schema/responsibility.ts';
import { systems } from '../db/schema/systems.ts';
import { addDays, GENERATE_AHEAD_DAYS, localDate } from '../domain/obligations.ts';
import { generateOccurrences } from './service/common.ts';

type DefaultObligation = {
  title: string;
  description: string;
  serviceKey: string;
  controls: string[];
  rrule: string;
  checklist: string[];
  requiredFiles: string[];
  figure: EvidenceFigure | null;
  attestation: string;
};

/** The starting obligations of an engagement (editable afterwards), after ../shared/reference/default-controls.json. */
export const DEFAULT_OBLIGATIONS: DefaultObligation[] = [
  {
    title: 'Monthly privileged-account review',
    description:
      'List every administrator account with its owner and justification; remove what is not needed.',
    serviceKey: 'identity-access',
    controls: ['privileged-access-review', 'ce:user-access-control', 'PR.AA'],
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=5',
    checklist: ['Every privileged account has a named owner', 'Unneeded rights removed or downgraded'],
    requiredFiles: ['Privileged role export'],
    figure: { name: 'Privileged accounts', unit: 'accounts' },
    attestation: 'I reviewed every privileged account and removed those that are not needed.',
  },
  {
    title: 'Monthly backup-test evidence',
    description: 'Show that every scheduled backup ran and succeeded, with failures followed up.',
    serviceKey: 'backup-recovery',
    controls: ['backup-success-review', 'PR.DS'],
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=10',
    checklist: ['Every backup job checked', 'Failures have a ticket'],
    requiredFiles: ['Backup report'],
    figure: { name: 'Successful backup jobs', unit: '%' },
    attestation: 'The attached backup report is complete and every failure is followed up.',
  },
  {
    title: 'Monthly patch-compliance figure',
    description: 'The share of devices fully patched, from the patch management console.',
    serviceKey: 'patch-management',
    controls: ['patch-compliance-report', 'ce:security-update-management', 'PR.PS'],
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=15',
    checklist: ['Critical updates older than 14 days listed'],
    requiredFiles: ['Patch compliance report'],
    figure: { name: 'Devices fully patched', unit: '%' },
    attestation: 'The figure is taken from the patch console for every managed device.',
  },
  {
    title: 'Quarterly access review',
    description: 'Owners confirm who has access to each business application; leavers and movers corrected.',
    serviceKey: 'identity-access',
    controls: ['user-access-recertification', 'ce:user-access-control', 'PR.AA'],
    rrule: 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=20',
    checklist: ['Every application owner confirmed their users', 'Corrections made'],
    requiredFiles: ['Access review sign-off'],
    figure: null,
    attestation: 'Every application owner reviewed access and the corrections are made.',
  },
  {
    title: 'Monthly security-alert review',
    description: 'Review the month of security alerts: what fired, what was done, what to tune.',
    serviceKey: 'security-monitoring',
    controls: ['security-log-review', 'DE.CM', 'DE.AE'],
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=25',
    checklist: ['Every high alert has an outcome', 'Noisy rules listed for tuning'],
    requiredFiles: ['Alert summary'],
    figure: { name: 'High-severity alerts', unit: 'alerts' },
    attestation: 'Every high-severity alert of the month was investigated and closed or escalated.',
  },
  {
    title: 'Yearly incident-response exercise',
    description: 'A tabletop exercise of a major incident with both parties; actions go to the backlog.',
    serviceKey: 'security-monitoring',
    controls: ['incident-response-exercise', 'RS.MA', 'ID.IM'],
    rrule: 'FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=15',
    checklist: ['Both parties took part', 'Lessons recorded as backlog items'],
    requiredFiles: ['Exercise report'],
    figure: null,
    attestation: 'The exercise took place and its lessons are on the improvement backlog.',
  },
];

const restoreTest = (systemName: string | null): DefaultObligation => ({
  title: systemName
    ? `Quarterly restore test: ${systemName}`
    : 'Quarterly restore test of the critical systems',
  description:
    'Restore from backup into an isolated place, check the data, and time it against the recovery target.',
  serviceKey: 'backup-recovery',
  controls: ['backup-restore-test', 'RC.RP', 'PR.DS'],
  rrule: 'FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=12',
  checklist: ['Restored into an isolated environment', 'Data checked by its owner'],
  requiredFiles: ['Restore test record'],
  figure: { name: 'Restore time', unit: 'minutes' },
  attestation: 'The restore was tested end to end and the record is accurate.',
});

/**
 * Seeds the default obligations into a workspace (a new engagement): one quarterly restore test
 * per critical system (or one for the critical systems when none is registered yet), each with its
 * first 90 days of occurrences. Services missing from the map are skipped.
 */
export async function seedDefaultObligations(
  tx: Tx,
  workspaceId: string,
  accountableMembershipId: string,
  options: { timeZone?: string; startsOn?: string; now?: Date } = {},
) {
  const timeZone = options.timeZone ?? 'UTC';
  const now = options.now ?? new Date();
  const startsOn = options.startsOn ?? `${localDate(now, timeZone).slice(0, 7)}-01`;
  const critical = await tx
    .select({ id: systems.id, name: systems.name })
    .from(systems)
    .where(
      and(
        eq(systems.workspaceId, workspaceId),
        eq(systems.criticality, 'critical'),
        eq(systems.status, 'active'),
      ),
    );
  const list = [
    ...DEFAULT_OBLIGATIONS,
    ...(critical.length > 0
      ? critical.map((s) => ({ ...restoreTest(s.name), systemId: s.id }))
      : [restoreTest(null)]),
  ];
  const serviceRows = await tx
    .select({ id: services.id, key: services.key })
    .from(services)
    .where(
      and(
        eq(services.workspaceId, workspaceId),
        inArray(services.key, [...new Set(list.map((d) => d.serviceKey))]),
      ),
    );
  const serviceId = new Map(serviceRows.map((s) => [s.key, s.id]));
  const rows = [];
  for (const d of list) {
    const service = serviceId.get(d.serviceKey);
    if (!service) continue;
    rows.push({
      workspaceId,
      number: await nextNumber(tx, workspaceId, 'obligation'),
      title: d.title,
      description: d.description,
      controls: d.controls,
      serviceId: service,
      accountableMembershipId,
      systemId: 'systemId' in d ? (d.systemId as string) : null,
      rrule: d.rrule,
      timeZone,
      startsOn,
      checklist: d.checklist,
      requiredFiles: d.requiredFiles,
      figure: d.figure,
      attestation: d.attestation,
    });
  }
  if (rows.length === 0) return [];
  const created = await tx.insert(obligations).values(rows).returning();
  await generateOccurrences(tx, created, addDays(localDate(now, timeZone), GENERATE_AHEAD_DAYS));
  return created;
}
