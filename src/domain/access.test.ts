import { describe, expect, it } from 'vitest';
import {
  accountFindings,
  completionRate,
  countFindings,
  grantDurationProblem,
  isGenericAccountName,
  lineFindings,
  lineReviewer,
  type RegisterAccount,
  reviewCompletionRate,
} from './access.ts';

const account = (over: Partial<RegisterAccount> = {}): RegisterAccount => ({
  accountName: 'ed.engineer',
  tier: 'admin',
  mfa: 'yes',
  person: { active: true },
  expiresAt: new Date('2027-01-01T00:00:00Z'),
  breakGlassLastUsedAt: null,
  ...over,
});

describe('privileged-account findings', () => {
  it('a named, time-bound admin with MFA has none', () => {
    expect(accountFindings(account())).toEqual([]);
  });

  it('recognises shared and generic names, also with domains and prefixes', () => {
    for (const name of [
      'admin',
      'Administrator',
      'root',
      'ACME\\admin',
      'admin@acme.example',
      'svc-backup',
      'shared.it',
      'helpdesk2',
    ])
      expect(isGenericAccountName(name), name).toBe(true);
    for (const name of ['alice.admin', 'ed.engineer', 'rootkit-analyst', 'adminton'])
      expect(isGenericAccountName(name), name).toBe(false);
    expect(accountFindings(account({ accountName: 'admin' }))).toContain('shared_account');
  });

  it('admin without MFA: privileged tiers with mfa no or unknown', () => {
    expect(accountFindings(account({ mfa: 'no' }))).toContain('admin_without_mfa');
    expect(accountFindings(account({ mfa: 'unknown', tier: 'global_admin' }))).toContain('admin_without_mfa');
    expect(accountFindings(account({ mfa: 'no', tier: 'standard' }))).not.toContain('admin_without_mfa');
  });

  it('person no longer active, and no person at all', () => {
    expect(accountFindings(account({ person: { active: false } }))).toEqual(['person_not_active']);
    expect(accountFindings(account({ person: null }))).toEqual(['no_person']);
  });

  it('standing admin: admin or global admin without expiry; break-glass is standing by design', () => {
    expect(accountFindings(account({ expiresAt: null }))).toEqual(['standing_admin']);
    expect(accountFindings(account({ expiresAt: null, tier: 'global_admin' }))).toEqual(['standing_admin']);
    expect(accountFindings(account({ expiresAt: null, tier: 'break_glass' }))).toEqual([]);
    expect(accountFindings(account({ expiresAt: null, tier: 'standard' }))).toEqual([]);
  });

  it('break-glass used only for break-glass accounts with a last use', () => {
    expect(
      accountFindings(
        account({ tier: 'break_glass', breakGlassLastUsedAt: new Date('2026-11-01T00:00:00Z') }),
      ),
    ).toEqual(['break_glass_used']);
    expect(accountFindings(account({ tier: 'admin', breakGlassLastUsedAt: new Date() }))).toEqual([]);
  });

  it('counts every kind, zero included', () => {
    const counts = countFindings([['shared_account', 'no_person'], ['no_person'], []]);
    expect(counts.no_person).toBe(2);
    expect(counts.shared_account).toBe(1);
    expect(counts.break_glass_used).toBe(0);
    expect(Object.keys(counts)).toHaveLength(6);
  });
});

describe('grant duration', () => {
  it('refuses longer than the maximum, naming it', () => {
    expect(grantDurationProblem(480, 480)).toBeNull();
    expect(grantDurationProblem(481, 480)).toMatch(/at most 8 h \(480 minutes\)/);
    expect(grantDurationProblem(0, 480)).toMatch(/at least 1/);
    expect(grantDurationProblem(1.5, 480)).toMatch(/whole number/);
  });
});

describe('review progress', () => {
  it('completion of one campaign and across campaigns', () => {
    expect(completionRate([{ decided: true }, { decided: false }])).toBe(0.5);
    expect(completionRate([])).toBe(1);
    expect(
      reviewCompletionRate([
        { total: 20, decided: 20 },
        { total: 10, decided: 5 },
      ]),
    ).toBeCloseTo(25 / 30);
    expect(reviewCompletionRate([])).toBeNull();
  });

  it('the accountable person reviews, else the internal lead', () => {
    expect(lineReviewer('m-accountable', 'm-lead')).toBe('m-accountable');
    expect(lineReviewer(null, 'm-lead')).toBe('m-lead');
  });
});

describe('lineFindings (an access-review line from its snapshot)', () => {
  it.each([
    [
      { accountName: 'admin', person: null, tier: 'admin', mfa: 'no' },
      ['shared_account', 'admin_without_mfa', 'no_person'],
    ],
    [{ accountName: 'ed.admin', person: 'Ed Park', tier: 'admin', mfa: 'unknown' }, ['admin_without_mfa']],
    [{ accountName: 'ed.park', person: 'Ed Park', tier: 'standard', mfa: 'no' }, []],
    [{ accountName: 'alice.ga', person: 'Alice', tier: 'global_admin', mfa: 'yes' }, []],
  ])('%o → %o', (snapshot, expected) => {
    expect(lineFindings(snapshot)).toEqual(expected);
  });
});
