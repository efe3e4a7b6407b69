import * as rruleLib from 'rrule';
import { isValidTimeZone, localToInstant } from './business-time.ts';

export const OCCURRENCE_STATUSES = ['open', 'submitted', 'accepted'] as const;
export type OccurrenceStatus = (typeof OCCURRENCE_STATUSES)[number];

// rrule ships CommonJS to Node and ES modules to bundlers: take rrulestr from either shape.
const rrulestr: typeof rruleLib.rrulestr =
  rruleLib.rrulestr ?? (rruleLib as unknown as { default: typeof rruleLib }).default.rrulestr;

/** A rule in words ("every month on the 5th"), or the rule itself if it cannot be read. */
export function scheduleText(rule: string): string {
  try {
    return rrulestr(`RRULE:${rule}`).toText();
  } catch {
    return rule;
  }
}

/** Pure rules of recurring obligations: schedules, due instants, completeness of evidence. */

const DAY_MS = 86_400_000;
/** Occurrences exist this far ahead. */
export const GENERATE_AHEAD_DAYS = 90;
/** How far back a new obligation's start may lie (past occurrences are then due at once). */
export const MAX_BACKDATE_DAYS = 366;

const FREQS = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];
const DAY = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/;
const intIn =
  (lo: number, hi: number, nonZero = false) =>
  (v: string) => {
    if (!/^[+-]?\d+$/.test(v)) return false;
    const n = Number(v);
    return n >= lo && n <= hi && (!nonZero || n !== 0);
  };
const listOf = (check: (v: string) => boolean) => (v: string) => v.split(',').every(check);
const PARTS: Record<string, (v: string) => boolean> = {
  FREQ: (v) => FREQS.includes(v),
  INTERVAL: intIn(1, 1000),
  COUNT: intIn(1, 10_000),
  UNTIL: (v) => /^\d{8}(T\d{6}Z?)?$/.test(v),
  BYDAY: listOf((v) => DAY.test(v)),
  BYMONTHDAY: listOf(intIn(-31, 31, true)),
  BYMONTH: listOf(intIn(1, 12)),
  BYSETPOS: listOf(intIn(-366, 366, true)),
  BYWEEKNO: listOf(intIn(-53, 53, true)),
  BYYEARDAY: listOf(intIn(-366, 366, true)),
  WKST: (v) => DAY.test(v) && !/\d/.test(v),
};

/**
 * What is wrong with an RRULE (RFC 5545 recurrence, dates only: the time of day is the due time),
 * or null. The rrule package is lenient, so the parts are checked here first and named.
 */
export function rruleProblem(rule: string): string | null {
  const text = rule.trim().replace(/^RRULE:/i, '');
  if (!text) return 'is empty; write a rule such as FREQ=MONTHLY;BYMONTHDAY=1';
  const seen = new Set<string>();
  for (const part of text.split(';')) {
    const [key, value, extra] = part.split('=');
    const name = (key ?? '').toUpperCase();
    if (!name || value === undefined || value === '' || extra !== undefined)
      return `has a part "${part}" that is not NAME=VALUE`;
    if (!(name in PARTS))
      return `has an unsupported part ${name} (supported: ${Object.keys(PARTS).join(', ')}; the due time sets the hour)`;
    if (seen.has(name)) return `repeats ${name}`;
    seen.add(name);
    if (!PARTS[name]!(value.toUpperCase())) return `has an invalid ${name} value "${value}"`;
  }
  if (!seen.has('FREQ')) return 'needs FREQ (DAILY, WEEKLY, MONTHLY or YEARLY)';
  if (seen.has('COUNT') && seen.has('UNTIL')) return 'may have COUNT or UNTIL, not both';
  try {
    const r = rrulestr(`RRULE:${text.toUpperCase()}`, { dtstart: new Date(Date.UTC(2000, 0, 1)) });
    if (!r.after(new Date(Date.UTC(2000, 0, 1)), true)) return 'never occurs';
  } catch (error) {
    return `cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
  return null;
}

export const normaliseRrule = (rule: string) =>
  rule
    .trim()
    .replace(/^RRULE:/i, '')
    .toUpperCase();

const isoDate = (d: Date) => d.toISOString().slice(0, 10);
const dateToUtc = (iso: string) => new Date(`${iso}T00:00:00Z`);
export const addDays = (iso: string, days: number) =>
  isoDate(new Date(dateToUtc(iso).getTime() + days * DAY_MS));

/** Today's date in a timezone (YYYY-MM-DD). */
export function localDate(now: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export type Schedule = {
  rrule: string;
  timeZone: string;
  startsOn: string;
  dueTime: string;
  graceHours: number;
};
export type DueDate = { dueOn: string; dueAt: Date; graceUntil: Date };

/** The instant a date's evidence is due, and the end of its grace. */
// Many obligations share dates (every month on the 1st, every Monday): the timezone arithmetic,
// the costly part, is kept per zone, time and date (bounded: cleared when large).
const instants = new Map<string, number>();
function instantOf(dueOn: string, dueTime: string, timeZone: string) {
  const key = `${timeZone}|${dueTime}|${dueOn}`;
  let ms = instants.get(key);
  if (ms === undefined) {
    const [y, m, d] = dueOn.split('-').map(Number) as [number, number, number];
    const [hh, mm] = dueTime.split(':').map(Number) as [number, number];
    ms = localToInstant(y, m, d, hh * 60 + mm, timeZone);
    if (instants.size > 50_000) instants.clear();
    instants.set(key, ms);
  }
  return ms;
}

export function dueInstant(s: Pick<Schedule, 'timeZone' | 'dueTime' | 'graceHours'>, dueOn: string): DueDate {
  const dueAt = new Date(instantOf(dueOn, s.dueTime, s.timeZone));
  return { dueOn, dueAt, graceUntil: new Date(dueAt.getTime() + s.graceHours * 3_600_000) };
}

/**
 * The schedule's dates in [from, to] (local dates, inclusive). The rule runs on floating dates
 * (UTC midnight standing for the local date), so a timezone's daylight saving never moves a date.
 */
export function occurrenceDates(s: Schedule, from: string, to: string): DueDate[] {
  const start = from < s.startsOn ? s.startsOn : from;
  if (start > to) return [];
  const rule = rrulestr(`RRULE:${normaliseRrule(s.rrule)}`, { dtstart: dateToUtc(s.startsOn) });
  return rule.between(dateToUtc(start), dateToUtc(to), true).map((d) => dueInstant(s, isoDate(d)));
}

/**
 * The schedule's first date after `after` (a local date, not itself included), or null when the
 * rule has no more: the next due date of an obligation whose next occurrence is not written yet.
 */
export function nextScheduledDate(s: Pick<Schedule, 'rrule' | 'startsOn'>, after: string): string | null {
  const rule = rrulestr(`RRULE:${normaliseRrule(s.rrule)}`, { dtstart: dateToUtc(s.startsOn) });
  const next = rule.after(dateToUtc(after), false);
  return next ? isoDate(next) : null;
}

export function scheduleProblems(s: Schedule, today: string): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  const rule = rruleProblem(s.rrule);
  if (rule) problems.push({ path: 'rrule', message: `The RRULE ${rule}.` });
  if (!isValidTimeZone(s.timeZone)) problems.push({ path: 'timeZone', message: 'is not an IANA timezone' });
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.dueTime))
    problems.push({ path: 'dueTime', message: 'must be HH:MM' });
  if (s.startsOn < addDays(today, -MAX_BACKDATE_DAYS))
    problems.push({ path: 'startsOn', message: `may lie at most ${MAX_BACKDATE_DAYS} days back` });
  return problems;
}

export type EvidenceDefinition = {
  checklist: string[];
  requiredFiles: string[];
  figure: { name: string } | null;
};
export type EvidenceGiven = {
  checkedItems: string[];
  fileRequirements: string[];
  figureValue: number | null;
  attested: boolean;
};

/** Everything still missing before an occurrence can be completed, in words (empty = complete). */
export function missingEvidence(def: EvidenceDefinition, given: EvidenceGiven): string[] {
  const missing: string[] = [];
  for (const item of def.checklist)
    if (!given.checkedItems.includes(item)) missing.push(`checklist item "${item}" is not ticked`);
  for (const file of def.requiredFiles)
    if (!given.fileRequirements.includes(file)) missing.push(`required file "${file}" is not attached`);
  if (def.figure && given.figureValue === null) missing.push(`the figure "${def.figure.name}" is not given`);
  if (!given.attested) missing.push('the attestation is not confirmed');
  return missing;
}

export type OccurrenceView = 'upcoming' | 'due' | 'overdue' | 'submitted' | 'accepted' | 'rejected';

/** What an occurrence reads as at an instant. */
export function occurrenceView(
  o: { status: 'open' | 'submitted' | 'accepted'; dueAt: Date; rejectionReason: string | null },
  now: Date,
  dueSoonDays = 7,
): OccurrenceView {
  if (o.status === 'accepted') return 'accepted';
  if (o.status === 'submitted') return 'submitted';
  if (now.getTime() > o.dueAt.getTime()) return 'overdue';
  if (o.rejectionReason) return 'rejected';
  return o.dueAt.getTime() - now.getTime() <= dueSoonDays * DAY_MS ? 'due' : 'upcoming';
}

/** On time: the evidence was first handed in before the grace ended. */
export const onTime = (o: { firstSubmittedAt: Date | null; graceUntil: Date }) =>
  o.firstSubmittedAt !== null && o.firstSubmittedAt.getTime() <= o.graceUntil.getTime();

/** Control references an obligation may evidence: default control keys, `ce:<key>`, CSF categories. */
export const controlRefKind = (ref: string): 'control' | 'ce' | 'csf' =>
  ref.startsWith('ce:') ? 'ce' : /^[A-Z]{2}\.[A-Z]{2}$/.test(ref) ? 'csf' : 'control';
