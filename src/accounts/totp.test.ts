import { describe, expect, it } from 'vitest';
import { currentTotpCode, describeEnrolment, matchTotpStep, newTotpSecret } from './totp.ts';

// RFC 6238 appendix B's SHA-1 seed ("12345678901234567890" in base32).
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
const STEP_MS = 30_000;
// 10 s into a step, so ±1 step stays well inside the neighbouring steps.
const NOW = Date.UTC(2030, 0, 1, 0, 0, 10);
const STEP = Math.floor(NOW / STEP_MS);

describe('currentTotpCode (RFC 6238 SHA-1 vectors, last 6 digits)', () => {
  it.each([
    [59, '287082'],
    [1_111_111_109, '081804'],
    [1_234_567_890, '005924'],
    [2_000_000_000, '279037'],
  ])('at t=%i s shows %s', (seconds, code) => {
    expect(currentTotpCode(RFC_SECRET, seconds * 1000)).toBe(code);
  });
});

describe('matchTotpStep', () => {
  // A fixed secret and time keep every code below the same on each run.
  const secret = RFC_SECRET;
  const codeAt = (offsetSteps: number) => currentTotpCode(secret, NOW + offsetSteps * STEP_MS);

  it.each([
    ['the current code', 0, STEP],
    ['the previous step (clock behind)', -1, STEP - 1],
    ['the next step (clock ahead)', 1, STEP + 1],
  ])('accepts %s and names its step', (_name, offset, step) => {
    expect(matchTotpStep(secret, codeAt(offset), NOW)).toBe(step);
  });

  it.each([
    ['two steps old', -2],
    ['two steps ahead', 2],
    ['an hour old', -120],
  ])('refuses a code %s', (_name, offset) => {
    const code = codeAt(offset);
    expect([codeAt(-1), codeAt(0), codeAt(1)]).not.toContain(code);
    expect(matchTotpStep(secret, code, NOW)).toBeNull();
  });

  it('refuses a code from another secret and any other wrong code', () => {
    const inWindow = [codeAt(-1), codeAt(0), codeAt(1)];
    const otherSecretCode = currentTotpCode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', NOW);
    expect(inWindow).not.toContain(otherSecretCode);
    expect(matchTotpStep(secret, otherSecretCode, NOW)).toBeNull();
    expect(matchTotpStep(secret, wrongCode(inWindow), NOW)).toBeNull();
  });

  it.each([
    ['an empty code', ''],
    ['five digits', '12345'],
    ['seven digits', '1234567'],
    ['letters', 'abcdef'],
    ['surrounding spaces', ' 123456 '],
    ['a signed number', '-12345'],
  ])('refuses %s without checking it', (_name, code) => {
    expect(matchTotpStep(secret, code, NOW)).toBeNull();
  });

  it('refuses the right digits with padding around them (the route trims, not this)', () => {
    expect(matchTotpStep(secret, ` ${codeAt(0)}`, NOW)).toBeNull();
  });
});

/** A 6-digit code that is none of the given ones. */
function wrongCode(valid: string[]): string {
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, '0');
    if (!valid.includes(candidate)) return candidate;
  }
}

describe('newTotpSecret and describeEnrolment', () => {
  it('makes a 160-bit base32 secret, different each time', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
  });

  it('describes enrolment as an otpauth URL for the account and an SVG QR code', async () => {
    const secret = newTotpSecret();
    const enrolment = await describeEnrolment(secret, 'ada@example.test');
    expect(enrolment.secret).toBe(secret);
    const url = new URL(enrolment.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe('/Tandem:ada@example.test');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      secret,
      issuer: 'Tandem',
      algorithm: 'SHA1',
      digits: '6',
      period: '30',
    });
    expect(enrolment.qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  });
});
