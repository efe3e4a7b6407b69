/** Single sign-on rules with no I/O. */

/**
 * `amr` values (RFC 8176) that mean the provider checked more than one factor: Tandem then does
 * not ask for its own TOTP code again.
 */
const MULTI_FACTOR_AMR = new Set([
  'mfa',
  'otp',
  'hwk',
  'swk',
  'sms',
  'tel',
  'fpt',
  'face',
  'iris',
  'retina',
  'vbm',
  'sc',
]);

export function assertsMultiFactor(amr: unknown): boolean {
  return Array.isArray(amr) && amr.some((value) => typeof value === 'string' && MULTI_FACTOR_AMR.has(value));
}

/** Where to go after signing in: a path of this site only (never //host or a full URL). */
export function safeReturnPath(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length <= 500 ? value : '/';
}
