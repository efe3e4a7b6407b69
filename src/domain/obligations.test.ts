import { describe, expect, it } from 'vitest';
import {
  dueInstant,
  missingEvidence,
  nextScheduledDate,
  occurrenceDates,
  occurrenceView,
  onTime,
  rruleProblem,
} from './obligations.ts';

describe('RRULE check', () => {
  it('accepts date rules and names what is wrong with others', () => {
    expect(rruleProblem('FREQ=MONTHLY;BYMONTHDAY=1')).toBeNull();
    expect(rruleProblem('RRULE:FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO')).toBeNull();
    expect(rruleProblem('FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=15')).toBeNull();
    expect(rruleProblem('')).toMatch(/empty/);
    expect(rruleProblem('FREQ=SOMETIMES')).toMatch(/FREQ/);
    expect(rruleProblem('FREQ=HOURLY')).toMatch(/FREQ/);
    expect(rruleProblem('BYMONTHDAY=1')).toMatch(/needs FREQ/);
    expect(rruleProblem('FREQ=MONTHLY;BYHOUR=3')).toMatch(/unsupported part BYHOUR/);
    expect(rruleProblem('FREQ=MONTHLY;BYMONTHDAY=40')).toMatch(/BYMONTHDAY/);
    expect(rruleProblem('FREQ=MONTHLY;INTERVAL=0')).toMatch(/INTERVAL/);
    expect(rruleProblem('FREQ=MONTHLY;FREQ=WEEKLY')).toMatch(/repeats FREQ/);
    expect(rruleProblem('FREQ=MONTHLY;COUNT=2;UNTIL=20300101')).toMatch(/COUNT or UNTIL/);
    expect(rruleProblem('FREQ=MONTHLY;BYDAY=XX')).toMatch(/BYDAY/);
    expect(rruleProblem('FREQ=MONTHLY;garbage')).toMatch(/NAME=VALUE/);
    expect(rruleProblem('FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=31')).toMatch(/never occurs/);
  });
});

describe('occurrence dates', () => {
  const monthly = {
    rrule: 'FREQ=MONTHLY;BYMONTHDAY=1',
    timeZone: 'Europe/London',
    startsOn: '2026-01-01',
    dueTime: '17:00',
    graceHours: 48,
  };
  it('lists the local dates of the rule in a range, due at the local time', () => {
    const dates = occurrenceDates(monthly, '2026-02-15', '2026-08-01');
    expect(dates.map((d) => d.dueOn)).toEqual([
      '2026-03-01',
      '2026-04-01',
      '2026-05-01',
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
    ]);
    // Winter (GMT) and summer (BST) put 17:00 London at different UTC hours.
    expect(dates[0]!.dueAt.toISOString()).toBe('2026-03-01T17:00:00.000Z');
    expect(dates[1]!.dueAt.toISOString()).toBe('2026-04-01T16:00:00.000Z');
    expect(dates[1]!.graceUntil.toISOString()).toBe('2026-04-03T16:00:00.000Z');
  });
  it('never starts before the start date', () => {
    expect(occurrenceDates(monthly, '2025-01-01', '2026-02-01').map((d) => d.dueOn)).toEqual([
      '2026-01-01',
      '2026-02-01',
    ]);
    expect(occurrenceDates(monthly, '2026-03-02', '2026-03-31')).toEqual([]);
  });
  it('names the next date after a day, past the dates already written', () => {
    const yearly = { rrule: 'FREQ=YEARLY;BYMONTH=10;BYMONTHDAY=15', startsOn: '2026-01-01' };
    expect(nextScheduledDate(yearly, '2026-12-06')).toBe('2027-10-15');
    expect(nextScheduledDate(yearly, '2026-10-14')).toBe('2026-10-15');
    // The day itself is not next: it was written (or is today, which an open occurrence covers).
    expect(nextScheduledDate(yearly, '2026-10-15')).toBe('2027-10-15');
    expect(nextScheduledDate(monthly, '2025-06-30')).toBe('2026-01-01');
  });
  it('a date far east keeps its local day', () => {
    const d = dueInstant({ timeZone: 'Pacific/Auckland', dueTime: '09:00', graceHours: 0 }, '2026-07-01');
    expect(d.dueAt.toISOString()).toBe('2026-06-30T21:00:00.000Z');
  });
});

describe('evidence', () => {
  const def = { checklist: ['a', 'b'], requiredFiles: ['Report'], figure: { name: 'Patched' } };
  it('lists everything missing', () => {
    expect(
      missingEvidence(def, { checkedItems: ['a'], fileRequirements: [], figureValue: null, attested: false }),
    ).toEqual([
      'checklist item "b" is not ticked',
      'required file "Report" is not attached',
      'the figure "Patched" is not given',
      'the attestation is not confirmed',
    ]);
    expect(
      missingEvidence(def, {
        checkedItems: ['b', 'a'],
        fileRequirements: ['Report'],
        figureValue: 0,
        attested: true,
      }),
    ).toEqual([]);
  });
  it('reads states and on-time', () => {
    const now = new Date('2026-03-10T00:00:00Z');
    const dueAt = new Date('2026-03-01T17:00:00Z');
    expect(occurrenceView({ status: 'open', dueAt, rejectionReason: null }, now)).toBe('overdue');
    expect(
      occurrenceView({ status: 'open', dueAt: new Date('2026-03-12T00:00:00Z'), rejectionReason: null }, now),
    ).toBe('due');
    expect(
      occurrenceView({ status: 'open', dueAt: new Date('2026-05-12T00:00:00Z'), rejectionReason: null }, now),
    ).toBe('upcoming');
    expect(
      occurrenceView({ status: 'open', dueAt: new Date('2026-05-12T00:00:00Z'), rejectionReason: 'x' }, now),
    ).toBe('rejected');
    expect(occurrenceView({ status: 'submitted', dueAt, rejectionReason: null }, now)).toBe('submitted');
    const graceUntil = new Date('2026-03-03T17:00:00Z');
    expect(onTime({ firstSubmittedAt: new Date('2026-03-03T16:00:00Z'), graceUntil })).toBe(true);
    expect(onTime({ firstSubmittedAt: new Date('2026-03-04T16:00:00Z'), graceUntil })).toBe(false);
    expect(onTime({ firstSubmittedAt: null, graceUntil })).toBe(false);
  });
});
