import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const PERIOD = 30;

function totpFor(secretBase32: string, label = 'Tandem') {
  return new TOTP({
    issuer: 'Tandem',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: secretBase32,
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export async function describeEnrolment(secretBase32: string, email: string) {
  const otpauthUrl = totpFor(secretBase32, email).toString();
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { secret: secretBase32, otpauthUrl, qrSvg };
}

/** The time step the code belongs to (±1 step of drift), or null when it is wrong. */
export function matchTotpStep(secretBase32: string, code: string, now = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32).validate({ token: code, timestamp: now, window: 1 });
  return delta === null ? null : Math.floor(now / 1000 / PERIOD) + delta;
}

/** For tests and the demo: the code a device would show now. */
export const currentTotpCode = (secretBase32: string, now = Date.now()) =>
  totpFor(secretBase32).generate({ timestamp: now });
