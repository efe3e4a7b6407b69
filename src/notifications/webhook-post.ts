import type { LookupAddress } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { addressRefusal, isAllowedHostName, type WebhookAllowList } from '../domain/webhook-targets.ts';

/**
 * What the delivery log says. Security: never the raw connection error (ECONNREFUSED 10.0.0.7:5432,
 * a TLS name mismatch, a DNS answer), which would let a workspace lead map the server's network.
 */
export const DELIVERY_ERRORS = {
  connect: 'could not connect',
  refused: 'refused: private address',
  timedOut: (ms: number) => `timed out: no answer within ${ms / 1000} s`,
  status: (code: number) => `answered HTTP ${code}`,
} as const;

export type WebhookPostResult = {
  statusCode: number | null;
  /** Neutral, for the delivery log; null on a 2xx. */
  error: string | null;
  /** The underlying error, for the server's own log only. */
  cause?: unknown;
};

const REFUSED_CODE = 'TANDEM_REFUSED_ADDRESS';

export type Resolver = (hostname: string, family: number) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname, family) => dnsLookup(hostname, { all: true, family });

const familyNumber = (family: number | string | undefined) =>
  family === 'IPv4' ? 4 : family === 'IPv6' ? 6 : typeof family === 'number' ? family : 0;

/**
 * Resolves the name once, refuses it when any address is internal (and not allowed), and hands
 * exactly the checked addresses to the socket. The connection is pinned to what was checked, so a
 * DNS answer that changes between a check and the connection (rebinding) cannot redirect it.
 */
export function pinnedLookup(allow: WebhookAllowList, resolve: Resolver = systemResolver): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, familyNumber(options.family)).then(
      (addresses) => {
        const allowedName = isAllowedHostName(hostname, allow);
        if (
          addresses.length === 0 ||
          (!allowedName && addresses.some((a) => addressRefusal(a.address, allow)))
        ) {
          const refused = Object.assign(new Error(`${hostname} resolves to an internal address`), {
            code: REFUSED_CODE,
          });
          return callback(refused, '', 0);
        }
        if (options.all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };
}

/** One POST to a webhook endpoint, only to a permitted address; resolves (never rejects) with what happened. */
export function postWebhook(
  url: string,
  request: {
    headers: Record<string, string>;
    body: string;
    timeoutMs: number;
    allow: WebhookAllowList;
    /** The system resolver unless a test supplies one. */
    resolve?: Resolver | undefined;
  },
): Promise<WebhookPostResult> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  // A literal address is connected to without a lookup, so it is checked here.
  if (isIP(host) && addressRefusal(host, request.allow)) {
    return Promise.resolve({ statusCode: null, error: DELIVERY_ERRORS.refused });
  }
  const signal = AbortSignal.timeout(request.timeoutMs);
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve) => {
    const outgoing = send(
      target,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
        lookup: pinnedLookup(request.allow, request.resolve),
        // No shared keep-alive pool: every delivery resolves and checks its target afresh.
        agent: false,
        signal,
      },
      (response) => {
        const statusCode = response.statusCode ?? null;
        response.destroy();
        resolve({
          statusCode,
          error:
            statusCode !== null && statusCode >= 200 && statusCode <= 299
              ? null
              : DELIVERY_ERRORS.status(statusCode ?? 0),
        });
      },
    );
    outgoing.on('error', (cause: NodeJS.ErrnoException) => {
      const error = signal.aborted
        ? DELIVERY_ERRORS.timedOut(request.timeoutMs)
        : cause.code === REFUSED_CODE
          ? DELIVERY_ERRORS.refused
          : DELIVERY_ERRORS.connect;
      resolve({ statusCode: null, error, cause });
    });
    outgoing.end(request.body);
  });
}
