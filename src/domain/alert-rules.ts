/** Monitoring alerts: label rules, priority levels and webhook signatures, with no I/O. */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Level, Priority } from './tickets.ts';

/** Every label in `match` must equal the alert's; the first matching rule that sets a field wins. */
export type AlertRule = {
  match: Record<string, string>;
  serviceId?: string | undefined;
  systemId?: string | undefined;
  priority?: Priority | undefined;
};

/** One alert as both intakes see it (Alertmanager's or the signed webhook's). */
export type IncomingAlert = {
  fingerprint: string;
  status: 'firing' | 'resolved';
  name: string;
  summary: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date;
  endsAt: Date | null;
};

export type AlertRouting = {
  serviceId: string | null;
  systemId: string | null;
  priority: Priority | null;
  /** Whether any rule matched (unmatched alerts go to joint triage). */
  matched: boolean;
};

const matches = (rule: AlertRule, labels: Record<string, string>) =>
  Object.entries(rule.match).every(([name, value]) => labels[name] === value);

export function routeAlert(rules: readonly AlertRule[], labels: Record<string, string>): AlertRouting {
  const routing: AlertRouting = { serviceId: null, systemId: null, priority: null, matched: false };
  for (const rule of rules) {
    if (!matches(rule, labels)) continue;
    routing.matched = true;
    routing.serviceId ??= rule.serviceId ?? null;
    routing.systemId ??= rule.systemId ?? null;
    routing.priority ??= rule.priority ?? null;
  }
  return routing;
}

// The impact × urgency pair that gives each priority on the ticket matrix (domain/tickets.ts).
const LEVELS_OF: Record<Priority, { impact: Level; urgency: Level }> = {
  P1: { impact: 'high', urgency: 'high' },
  P2: { impact: 'high', urgency: 'medium' },
  P3: { impact: 'medium', urgency: 'medium' },
  P4: { impact: 'low', urgency: 'low' },
};
export const levelsOfPriority = (priority: Priority) => LEVELS_OF[priority];

export function alertSubject(alert: IncomingAlert): string {
  const text = alert.summary ? `${alert.name}: ${alert.summary}` : alert.name;
  return `[Alert] ${text}`.slice(0, 200);
}

export function alertDescription(alert: IncomingAlert): string {
  const lines = [
    `Alert ${alert.name} (fingerprint ${alert.fingerprint}) firing since ${alert.startsAt.toISOString()}.`,
    '',
    'Labels:',
    ...Object.entries(alert.labels).map(([k, v]) => `- ${k}=${v}`),
  ];
  const notes = Object.entries(alert.annotations);
  if (notes.length > 0) lines.push('', 'Annotations:', ...notes.map(([k, v]) => `- ${k}: ${v}`));
  return lines.join('\n').slice(0, 20_000);
}

// ── Signed webhook ─────────────────────────────────────────────────────────────────────────────

/** How far a signature's timestamp may be from now (either way) before it counts as a replay. */
export const REPLAY_WINDOW_SECONDS = 300;
/** How long the previous secret is still accepted after a rotation. */
export const SECRET_GRACE_SECONDS = 24 * 60 * 60;

/** `sha256=<hex>` over `<timestamp>.<body>` (the same scheme as Tandem's outbound webhooks). */
export const signBody = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export type SignatureCheck =
  | { ok: true }
  | {
      ok: false;
      code: 'SIGNATURE_MISSING' | 'TIMESTAMP_INVALID' | 'TIMESTAMP_OUT_OF_WINDOW' | 'SIGNATURE_INVALID';
      message: string;
    };

export function checkSignature(input: {
  secrets: readonly string[];
  timestamp: string | undefined;
  signature: string | undefined;
  body: string;
  now: Date;
}): SignatureCheck {
  const { timestamp, signature } = input;
  if (!timestamp || !signature)
    return {
      ok: false,
      code: 'SIGNATURE_MISSING',
      message: 'Send X-Tandem-Timestamp and X-Tandem-Signature headers.',
    };
  if (!/^\d{1,12}$/.test(timestamp))
    return { ok: false, code: 'TIMESTAMP_INVALID', message: 'X-Tandem-Timestamp must be Unix seconds.' };
  const skew = Math.abs(input.now.getTime() / 1000 - Number(timestamp));
  if (skew > REPLAY_WINDOW_SECONDS)
    return {
      ok: false,
      code: 'TIMESTAMP_OUT_OF_WINDOW',
      message: `X-Tandem-Timestamp is ${Math.round(skew)} s away from the server's clock (at most ${REPLAY_WINDOW_SECONDS} s): a replay or a wrong clock.`,
    };
  const sent = Buffer.from(signature);
  for (const secret of input.secrets) {
    const expected = Buffer.from(signBody(secret, timestamp, input.body));
    if (expected.length === sent.length && timingSafeEqual(expected, sent)) return { ok: true };
  }
  return {
    ok: false,
    code: 'SIGNATURE_INVALID',
    message: 'X-Tandem-Signature does not match the body and timestamp for this integration’s secret.',
  };
}
