/**
 * Business time with no I/O: calendars (IANA timezone, weekly working hours, holidays), adding
 * and measuring business minutes, and pauses. Offsets come from the Intl API, so daylight-saving
 * changes follow the platform's timezone data.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** Local wall-clock times "HH:MM"; end may be "24:00" (midnight at the end of the day). */
export type WorkingInterval = { start: string; end: string };
export type WeeklyHours = Partial<Record<Weekday, WorkingInterval[]>>;

export type Calendar = {
  timeZone: string;
  /** Always open: weekly hours and holidays are ignored. */
  is24x7: boolean;
  weeklyHours: WeeklyHours;
  /** Local dates "YYYY-MM-DD" on which the calendar is closed all day. */
  holidays: string[];
};

/** An interval during which the clock does not run; end null = still paused. */
export type Pause = { start: Date; end: Date | null };

export type CalendarProblem = { path: string; message: string };

const MINUTE = 60_000;
const DAY_MS = 86_400_000;
/** A calendar that finds no open minute within this many days is refused rather than looped on. */
const MAX_SCAN_DAYS = 3 * 366;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export const parseLocalTime = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
};

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export function isValidLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Every problem with a calendar, each naming its field; empty when the calendar is usable. */
export function validateCalendar(cal: Calendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (!isValidTimeZone(cal.timeZone))
    problems.push({ path: 'timeZone', message: `"${cal.timeZone}" is not an IANA timezone.` });
  let openDays = 0;
  for (const [day, intervals] of Object.entries(cal.weeklyHours ?? {})) {
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push({ path: `weeklyHours.${day}`, message: `"${day}" is not a weekday (mon … sun).` });
      continue;
    }
    const parsed: { start: number; end: number; index: number }[] = [];
    (intervals ?? []).forEach((iv, index) => {
      const path = `weeklyHours.${day}.${index}`;
      const okStart = TIME_RE.test(iv.start) && iv.start !== '24:00';
      const okEnd = TIME_RE.test(iv.end);
      if (!okStart) problems.push({ path: `${path}.start`, message: `"${iv.start}" is not a time HH:MM.` });
      if (!okEnd) problems.push({ path: `${path}.end`, message: `"${iv.end}" is not a time HH:MM.` });
      if (!okStart || !okEnd) return;
      const start = parseLocalTime(iv.start);
      const end = parseLocalTime(iv.end);
      if (end <= start) {
        problems.push({ path, message: `${day} ${iv.start}–${iv.end} ends before it starts.` });
        return;
      }
      parsed.push({ start, end, index });
    });
    parsed.sort((a, b) => a.start - b.start);
    for (let i = 1; i < parsed.length; i++) {
      const prev = parsed[i - 1]!;
      const cur = parsed[i]!;
      if (cur.start < prev.end) {
        const iv = (cal.weeklyHours[day as Weekday] ?? [])[cur.index]!;
        const pv = (cal.weeklyHours[day as Weekday] ?? [])[prev.index]!;
        problems.push({
          path: `weeklyHours.${day}.${cur.index}`,
          message: `${day} ${iv.start}–${iv.end} overlaps ${pv.start}–${pv.end}.`,
        });
      }
    }
    if (parsed.length > 0) openDays++;
  }
  const seen = new Set<string>();
  (cal.holidays ?? []).forEach((h, index) => {
    if (!isValidLocalDate(h))
      problems.push({ path: `holidays.${index}`, message: `"${h}" is not a date YYYY-MM-DD.` });
    else if (seen.has(h)) problems.push({ path: `holidays.${index}`, message: `${h} is listed twice.` });
    seen.add(h);
  });
  if (!cal.is24x7 && openDays === 0)
    problems.push({ path: 'weeklyHours', message: 'A calendar needs working hours on at least one day.' });
  return problems;
}

// ---------- timezone arithmetic (Intl) ----------

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string) {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Local wall-clock fields of an instant in a timezone. */
export function localParts(ms: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms)))
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** Offset (local − UTC) in ms at an instant; whole seconds (sub-second part dropped). */
export function offsetAt(ms: number, timeZone: string): number {
  const floored = Math.floor(ms / 1000) * 1000;
  const p = localParts(floored, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - floored;
}

/**
 * The instant of a local wall-clock time. An ambiguous time (clocks going back) is its earlier
 * instant; a time that does not exist (clocks going forward) is the instant the gap ends, so
 * the mapping never goes backwards and working hours never invert.
 */
export function localToInstant(
  year: number,
  month: number,
  day: number,
  minuteOfDay: number,
  timeZone: string,
): number {
  // Pure and asked again for the same working days by every clock and timer (each a handful of
  // Intl calls): remembered, up to a bound.
  const key = `${timeZone}|${year}-${month}-${day}|${minuteOfDay}`;
  const known = instants.get(key);
  if (known !== undefined) return known;
  if (instants.size >= INSTANTS_MAX) instants.clear();
  const instant = computeLocalToInstant(year, month, day, minuteOfDay, timeZone);
  instants.set(key, instant);
  return instant;
}

const INSTANTS_MAX = 20_000;
const instants = new Map<string, number>();

function computeLocalToInstant(
  year: number,
  month: number,
  day: number,
  minuteOfDay: number,
  timeZone: string,
): number {
  const naive = Date.UTC(year, month - 1, day, 0, minuteOfDay);
  const offsets = [
    ...new Set([
      offsetAt(naive - DAY_MS, timeZone),
      offsetAt(naive, timeZone),
      offsetAt(naive + DAY_MS, timeZone),
    ]),
  ];
  const valid = offsets.map((o) => naive - o).filter((t) => offsetAt(t, timeZone) === naive - t);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: the transition lies between the candidates; find it to the minute.
  let lo = Math.min(...offsets.map((o) => naive - o));
  let hi = Math.max(...offsets.map((o) => naive - o));
  const before = offsetAt(lo, timeZone);
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

const weekdayOf = (y: number, m: number, d: number): Weekday =>
  WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7]!;
const dateKey = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

type Span = [number, number];

/** Open spans of the calendar (ms), ascending, from the local day containing `fromMs` onwards. */
function* openSpans(cal: Calendar, fromMs: number): Generator<Span> {
  if (cal.is24x7) {
    yield [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    return;
  }
  const holidays = new Set(cal.holidays);
  const start = localParts(fromMs, cal.timeZone);
  let emptyDays = 0;
  for (let k = 0; ; k++) {
    const date = new Date(Date.UTC(start.year, start.month - 1, start.day + k));
    const [y, m, d] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
    const intervals = holidays.has(dateKey(y, m, d)) ? [] : (cal.weeklyHours[weekdayOf(y, m, d)] ?? []);
    const spans = intervals
      .map((iv) => [parseLocalTime(iv.start), parseLocalTime(iv.end)] as const)
      .sort((a, b) => a[0] - b[0])
      .map(
        ([s, e]): Span => [
          localToInstant(y, m, d, s, cal.timeZone),
          localToInstant(y, m, d, e, cal.timeZone),
        ],
      )
      .filter(([s, e]) => e > s);
    if (spans.length === 0) {
      if (++emptyDays > MAX_SCAN_DAYS)
        throw new RangeError('The calendar has no working time in the next three years.');
      continue;
    }
    emptyDays = 0;
    // Adjacent intervals (09:00–12:00, 12:00–17:00) join into one span.
    let cur = spans[0]!;
    for (const next of spans.slice(1)) {
      if (next[0] <= cur[1]) cur = [cur[0], Math.max(cur[1], next[1])];
      else {
        yield cur;
        cur = next;
      }
    }
    yield cur;
  }
}

/** Merged pauses as ascending, non-overlapping spans. */
function mergePauses(pauses: Pause[]): Span[] {
  const spans = pauses
    .map((p): Span => [p.start.getTime(), p.end ? p.end.getTime() : Number.POSITIVE_INFINITY])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}

/** Running spans (open and not paused) clipped to start at fromMs. */
function* runningSpans(cal: Calendar, fromMs: number, pauses: Pause[]): Generator<Span> {
  const paused = mergePauses(pauses);
  let p = 0;
  for (const [os, oe] of openSpans(cal, fromMs)) {
    if (oe <= fromMs) continue;
    let s = Math.max(os, fromMs);
    while (s < oe) {
      while (p < paused.length && paused[p]![1] <= s) p++;
      const pause = paused[p];
      if (!pause || pause[0] >= oe) {
        yield [s, oe];
        break;
      }
      if (pause[0] > s) yield [s, pause[0]];
      s = pause[1];
    }
    if (s === Number.POSITIVE_INFINITY) return;
  }
}

/** The instant at which `minutes` business minutes after `start` have run. */
export function addBusinessMinutes(cal: Calendar, start: Date, minutes: number, pauses: Pause[] = []): Date {
  if (!(minutes >= 0)) throw new RangeError('minutes must be zero or more');
  let left = Math.round(minutes * MINUTE);
  const from = start.getTime();
  if (left === 0) return new Date(from);
  for (const [s, e] of runningSpans(cal, from, pauses)) {
    if (e - s >= left) return new Date(s + left);
    left -= e - s;
  }
  throw new RangeError('The clock is paused for good: no due time.');
}

/** Business minutes (fractional) that run between two instants; 0 when `to` is not after `from`. */
export function businessMinutesBetween(cal: Calendar, from: Date, to: Date, pauses: Pause[] = []): number {
  const a = from.getTime();
  const b = to.getTime();
  if (b <= a) return 0;
  let total = 0;
  for (const [s, e] of runningSpans(cal, a, pauses)) {
    if (s >= b) break;
    total += Math.min(e, b) - s;
    if (e >= b) break;
  }
  return total / MINUTE;
}

/** Whether the calendar is open (within working hours, not a holiday) at an instant. */
export function isOpenAt(cal: Calendar, at: Date): boolean {
  const t = at.getTime();
  for (const [s, e] of openSpans(cal, t)) {
    if (s > t) return false;
    if (t < e) return true;
  }
  return false;
}

export const ALWAYS_OPEN: Calendar = { timeZone: 'UTC', is24x7: true, weeklyHours: {}, holidays: [] };
