import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  type Calendar,
  isOpenAt,
  localToInstant,
  type Pause,
  validateCalendar,
  type WeeklyHours,
} from './business-time.ts';

const nineToFive = { start: '09:00', end: '17:00' };
const weekdays = (intervals: { start: string; end: string }[]): WeeklyHours => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
});
const london: Calendar = {
  timeZone: 'Europe/London',
  is24x7: false,
  weeklyHours: weekdays([nineToFive]),
  holidays: ['2026-12-25', '2026-12-28'],
};
const newYork: Calendar = {
  timeZone: 'America/New_York',
  is24x7: false,
  weeklyHours: weekdays([
    { start: '08:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ]),
  holidays: ['2026-11-26'],
};
const tokyo: Calendar = {
  timeZone: 'Asia/Tokyo',
  is24x7: false,
  weeklyHours: { ...weekdays([nineToFive]), sat: [{ start: '10:00', end: '12:00' }] },
  holidays: [],
};
const always: Calendar = { timeZone: 'UTC', is24x7: true, weeklyHours: {}, holidays: [] };
const iso = (s: string) => new Date(s);

describe('validateCalendar', () => {
  it('accepts a plain business-hours calendar', () => {
    expect(validateCalendar(london)).toEqual([]);
  });
  it.each([
    [
      'inverted hours',
      { ...london, weeklyHours: { mon: [{ start: '17:00', end: '09:00' }] } },
      'weeklyHours.mon.0',
      'ends before it starts',
    ],
    [
      'overlapping hours',
      {
        ...london,
        weeklyHours: {
          tue: [
            { start: '09:00', end: '13:00' },
            { start: '12:00', end: '17:00' },
          ],
        },
      },
      'weeklyHours.tue.1',
      'overlaps 09:00–13:00',
    ],
    [
      'a bad time',
      { ...london, weeklyHours: { wed: [{ start: '9am', end: '17:00' }] } },
      'weeklyHours.wed.0.start',
      'not a time',
    ],
    ['a bad holiday date', { ...london, holidays: ['2026-02-30'] }, 'holidays.0', 'not a date'],
    [
      'a holiday listed twice',
      { ...london, holidays: ['2026-12-25', '2026-12-25'] },
      'holidays.1',
      'listed twice',
    ],
    ['an unknown timezone', { ...london, timeZone: 'Mars/Olympus' }, 'timeZone', 'not an IANA timezone'],
    ['no working hours', { ...london, weeklyHours: {} }, 'weeklyHours', 'at least one day'],
    [
      'an unknown weekday',
      { ...london, weeklyHours: { funday: [nineToFive] } as WeeklyHours },
      'weeklyHours.funday',
      'not a weekday',
    ],
  ])('names the problem: %s', (_name, cal, path, message) => {
    const problems = validateCalendar(cal as Calendar);
    expect(problems).toContainEqual({ path, message: expect.stringContaining(message) });
  });
  it('accepts a 24x7 calendar without hours', () => {
    expect(validateCalendar(always)).toEqual([]);
  });
});

describe('addBusinessMinutes and businessMinutesBetween', () => {
  it.each([
    ['within a day', london, '2026-11-23T10:00:00Z', 60, '2026-11-23T11:00:00Z'],
    ['overnight', london, '2026-11-23T16:30:00Z', 60, '2026-11-24T09:30:00Z'],
    ['across a weekend', london, '2026-11-27T16:00:00Z', 120, '2026-11-30T10:00:00Z'],
    ['from a Saturday', london, '2026-11-28T12:00:00Z', 30, '2026-11-30T09:30:00Z'],
    [
      'across Christmas and Boxing Day substitute',
      london,
      '2026-12-24T16:00:00Z',
      120,
      '2026-12-29T10:00:00Z',
    ],
    ['in summer time (BST)', london, '2026-07-01T07:00:00Z', 60, '2026-07-01T09:00:00Z'],
    ['across the lunch break', newYork, '2026-11-23T16:30:00Z', 60, '2026-11-23T18:30:00Z'],
    ['across Thanksgiving', newYork, '2026-11-25T23:30:00Z', 60, '2026-11-27T14:00:00Z'],
    ['in Tokyo, Saturday morning hours', tokyo, '2026-11-28T00:00:00Z', 150, '2026-11-30T00:30:00Z'],
    ['24x7 is plain elapsed time', always, '2026-11-28T02:00:00Z', 240, '2026-11-28T06:00:00Z'],
    ['zero minutes is the same instant', london, '2026-11-28T12:00:00Z', 0, '2026-11-28T12:00:00Z'],
  ])('%s', (_name, cal, start, minutes, due) => {
    expect(addBusinessMinutes(cal, iso(start), minutes).toISOString()).toBe(iso(due).toISOString());
    if (minutes > 0) expect(businessMinutesBetween(cal, iso(start), iso(due))).toBe(minutes);
  });

  it('counts the real length of a working day when clocks go forward (London, 29 March 2026)', () => {
    const cal: Calendar = { ...london, weeklyHours: { sun: [{ start: '00:00', end: '24:00' }] } };
    // 00:00 GMT to 24:00 BST is 23 hours.
    expect(businessMinutesBetween(cal, iso('2026-03-29T00:00:00Z'), iso('2026-03-30T00:00:00Z'))).toBe(
      23 * 60,
    );
  });
  it('counts the real length of a working day when clocks go back (New York, 1 November 2026)', () => {
    const cal: Calendar = { ...newYork, weeklyHours: { sun: [{ start: '00:00', end: '24:00' }] } };
    expect(businessMinutesBetween(cal, iso('2026-11-01T04:00:00Z'), iso('2026-11-02T05:00:00Z'))).toBe(
      25 * 60,
    );
  });
  it('keeps 09:00 local on both sides of a DST change', () => {
    // Friday 27 March (GMT) 16:30 + 60 → Monday 30 March (BST) 09:30 local = 08:30Z.
    expect(addBusinessMinutes(london, iso('2026-03-27T16:30:00Z'), 60).toISOString()).toBe(
      '2026-03-30T08:30:00.000Z',
    );
    // Friday 23 October (BST) 16:30 local = 15:30Z + 60 → Monday 26 October (GMT) 09:30Z.
    expect(addBusinessMinutes(london, iso('2026-10-23T15:30:00Z'), 60).toISOString()).toBe(
      '2026-10-26T09:30:00.000Z',
    );
  });
  it('maps a local time inside the spring-forward gap to the end of the gap', () => {
    expect(new Date(localToInstant(2026, 3, 29, 90, 'Europe/London')).toISOString()).toBe(
      '2026-03-29T01:00:00.000Z',
    );
    // Ambiguous 01:30 on fall-back night is the first (BST) one.
    expect(new Date(localToInstant(2026, 10, 25, 90, 'Europe/London')).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });
  it('does not count paused time, including a pause spanning closed hours', () => {
    const pauses: Pause[] = [{ start: iso('2026-11-23T16:00:00Z'), end: iso('2026-11-24T10:00:00Z') }];
    // Monday 15:00 + 120: 60 minutes to 16:00, paused until Tuesday 10:00, then 60 more.
    expect(addBusinessMinutes(london, iso('2026-11-23T15:00:00Z'), 120, pauses).toISOString()).toBe(
      '2026-11-24T11:00:00.000Z',
    );
    expect(
      businessMinutesBetween(london, iso('2026-11-23T15:00:00Z'), iso('2026-11-24T11:00:00Z'), pauses),
    ).toBe(120);
  });
  it('refuses to find a due time while the clock is paused for good', () => {
    expect(() =>
      addBusinessMinutes(london, iso('2026-11-23T10:00:00Z'), 60, [
        { start: iso('2026-11-23T10:30:00Z'), end: null },
      ]),
    ).toThrow(/paused/);
  });
  it('knows when a calendar is open', () => {
    expect(isOpenAt(london, iso('2026-11-23T10:00:00Z'))).toBe(true);
    expect(isOpenAt(london, iso('2026-11-29T02:00:00Z'))).toBe(false);
    expect(isOpenAt(london, iso('2026-12-25T10:00:00Z'))).toBe(false);
    expect(isOpenAt(always, iso('2026-11-29T02:00:00Z'))).toBe(true);
  });
});

// ---------- properties ----------

const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
/** A valid day: sorted, non-overlapping intervals on a 15-minute grid. */
const dayArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 0, maxLength: 6 })
  .map((points) => {
    const sorted = [...points].sort((a, b) => a - b);
    const intervals = [];
    for (let i = 0; i + 1 < sorted.length; i += 2)
      intervals.push({ start: hhmm(sorted[i]! * 15), end: hhmm(sorted[i + 1]! * 15) });
    return intervals;
  });
const calendarArb: fc.Arbitrary<Calendar> = fc
  .record({
    timeZone: fc.constantFrom('Europe/London', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'UTC'),
    is24x7: fc.boolean(),
    days: fc.array(dayArb, { minLength: 7, maxLength: 7 }),
    holidays: fc.uniqueArray(fc.integer({ min: 0, max: 500 }), { maxLength: 15 }),
  })
  .map(({ timeZone, is24x7, days, holidays }) => {
    const names = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
    const weeklyHours: WeeklyHours = {};
    names.forEach((n, i) => {
      weeklyHours[n] = days[i]!;
    });
    if (days.every((d) => d.length === 0)) weeklyHours.wed = [nineToFive];
    return {
      timeZone,
      is24x7,
      weeklyHours,
      holidays: holidays.map((d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10)),
    };
  });
// Instants around 2026–2027, including the DST changes of both hemispheres.
const instantArb = fc
  .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 6, 1) })
  .map((ms) => new Date(ms - (ms % 60_000)));
const minutesArb = fc.integer({ min: 0, max: 5000 });
const pausesArb = fc.array(
  fc.record({ at: instantArb, length: fc.integer({ min: 1, max: 5 * 24 * 60 }) }).map(({ at, length }) => ({
    start: at,
    end: new Date(at.getTime() + length * 60_000),
  })),
  { maxLength: 4 },
);

describe('business-time properties', () => {
  it('every generated calendar is valid', () => {
    fc.assert(fc.property(calendarArb, (cal) => validateCalendar(cal).length === 0));
  });
  it('add(t, a + b) == add(add(t, a), b)', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, minutesArb, pausesArb, (cal, t, a, b, pauses) => {
        const direct = addBusinessMinutes(cal, t, a + b, pauses);
        const stepped = addBusinessMinutes(cal, addBusinessMinutes(cal, t, a, pauses), b, pauses);
        expect(stepped.toISOString()).toBe(direct.toISOString());
      }),
      { numRuns: 300 },
    );
  });
  it('measure(t, add(t, n)) == n', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, minutesArb, pausesArb, (cal, t, n, pauses) => {
        expect(businessMinutesBetween(cal, t, addBusinessMinutes(cal, t, n, pauses), pauses)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
  it('is monotonic in the start and in the minutes', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, minutesArb, minutesArb, (cal, t1, t2, n1, n2) => {
        const [early, late] = t1 <= t2 ? [t1, t2] : [t2, t1];
        expect(addBusinessMinutes(cal, early, n1).getTime()).toBeLessThanOrEqual(
          addBusinessMinutes(cal, late, n1).getTime(),
        );
        const [few, many] = n1 <= n2 ? [n1, n2] : [n2, n1];
        expect(addBusinessMinutes(cal, early, few).getTime()).toBeLessThanOrEqual(
          addBusinessMinutes(cal, early, many).getTime(),
        );
      }),
      { numRuns: 300 },
    );
  });
  it('measuring is additive over a split point and never exceeds elapsed time', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, instantArb, instantArb, pausesArb, (cal, x, y, z, pauses) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p.getTime() - q.getTime()) as [Date, Date, Date];
        const whole = businessMinutesBetween(cal, a, c, pauses);
        const parts = businessMinutesBetween(cal, a, b, pauses) + businessMinutesBetween(cal, b, c, pauses);
        expect(Math.abs(whole - parts)).toBeLessThan(1e-6);
        expect(whole).toBeLessThanOrEqual((c.getTime() - a.getTime()) / 60_000 + 1e-6);
      }),
      { numRuns: 200 },
    );
  });
  it('the due time of n > 0 minutes is inside open hours (or at the end of a span)', () => {
    fc.assert(
      fc.property(calendarArb, instantArb, fc.integer({ min: 1, max: 5000 }), (cal, t, n) => {
        const due = addBusinessMinutes(cal, t, n);
        expect(isOpenAt(cal, new Date(due.getTime() - 30_000))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
