import { describe, expect, it } from 'vitest';
import { type AlertRule, checkSignature, levelsOfPriority, routeAlert, signBody } from './alert-rules.ts';
import { PRIORITIES, priorityOf } from './tickets.ts';

describe('alert label rules', () => {
  const rules: AlertRule[] = [
    { match: { severity: 'critical' }, priority: 'P1' },
    { match: { job: 'erp' }, serviceId: 'erp-service', systemId: 'erp-system', priority: 'P3' },
    { match: { job: 'erp', env: 'test' }, serviceId: 'other' },
  ];

  it('combines matching rules, the first rule setting a field winning', () => {
    expect(routeAlert(rules, { severity: 'critical', job: 'erp', env: 'test' })).toEqual({
      serviceId: 'erp-service',
      systemId: 'erp-system',
      priority: 'P1',
      matched: true,
    });
  });

  it('needs every label of a rule to match', () => {
    expect(routeAlert(rules, { job: 'mail', env: 'test' })).toEqual({
      serviceId: null,
      systemId: null,
      priority: null,
      matched: false,
    });
  });

  it('maps each priority to levels that give it back on the ticket matrix', () => {
    for (const p of PRIORITIES) {
      const { impact, urgency } = levelsOfPriority(p);
      expect(priorityOf(impact, urgency)).toBe(p);
    }
  });
});

describe('signed webhook signatures', () => {
  const now = new Date('2026-12-02T03:00:00Z');
  const ts = String(now.getTime() / 1000);
  const body = '{"alerts":[]}';

  it('accepts the current or the previous secret', () => {
    for (const secret of ['new', 'old'])
      expect(
        checkSignature({
          secrets: ['new', 'old'],
          timestamp: ts,
          signature: signBody(secret, ts, body),
          body,
          now,
        }),
      ).toEqual({ ok: true });
  });

  it('refuses a wrong secret, a changed body, a missing header and an old timestamp', () => {
    const sig = signBody('new', ts, body);
    const check = (over: Partial<Parameters<typeof checkSignature>[0]>) =>
      checkSignature({ secrets: ['new'], timestamp: ts, signature: sig, body, now, ...over });
    expect(check({ secrets: ['other'] })).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    expect(check({ body: '{"alerts":[1]}' })).toMatchObject({ ok: false, code: 'SIGNATURE_INVALID' });
    expect(check({ signature: undefined })).toMatchObject({ ok: false, code: 'SIGNATURE_MISSING' });
    expect(check({ timestamp: 'yesterday' })).toMatchObject({ ok: false, code: 'TIMESTAMP_INVALID' });
    const old = String(now.getTime() / 1000 - 301);
    expect(check({ timestamp: old, signature: signBody('new', old, body) })).toMatchObject({
      ok: false,
      code: 'TIMESTAMP_OUT_OF_WINDOW',
    });
  });
});
