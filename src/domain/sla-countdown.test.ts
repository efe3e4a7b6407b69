import { describe, expect, it } from 'vitest';
import { formatDuration, slaCountdown } from './sla-countdown.ts';

const due = '2026-12-02T10:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('slaCountdown', () => {
  it('counts whole seconds to the due time from the server now', () => {
    expect(
      slaCountdown({ state: 'running', dueAt: due, breached: false }, at('2026-12-02T09:55:50.400Z')),
    ).toEqual({ tone: 'at_risk', text: '4m 09s left', seconds: 249 });
    expect(
      slaCountdown({ state: 'running', dueAt: due, breached: false }, at('2026-12-02T07:54:00.000Z')),
    ).toEqual({ tone: 'ok', text: '2h 06m left', seconds: 7560 });
  });
  it('shows a breach as time over, whether flagged or just past due', () => {
    expect(
      slaCountdown({ state: 'running', dueAt: due, breached: false }, at('2026-12-02T10:01:30.000Z')),
    ).toEqual({ tone: 'breached', text: '1m 30s over', seconds: -90 });
    expect(
      slaCountdown({ state: 'running', dueAt: due, breached: true }, at('2026-12-02T09:00:00.000Z')).tone,
    ).toBe('breached');
  });
  it('shows a paused clock as paused', () => {
    expect(slaCountdown({ state: 'paused', dueAt: null, breached: false }, 0)).toEqual({
      tone: 'paused',
      text: 'Paused',
      seconds: null,
    });
  });
  it('formats days, hours, minutes', () => {
    expect(formatDuration(2 * 86_400 + 3 * 3600 + 59)).toBe('2d 3h');
    expect(formatDuration(3600)).toBe('1h 00m');
    expect(formatDuration(59)).toBe('0m 59s');
  });
});
