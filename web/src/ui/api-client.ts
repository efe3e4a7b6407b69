/**
 * The one way the web app talks to the Tandem API: same-origin fetch with the session cookie,
 * the CSRF header on every change, and errors parsed into ApiError.
 */

export type AuthProblem = 'UNAUTHENTICATED' | 'MFA_REQUIRED' | 'MFA_ENROLMENT_REQUIRED';

export interface FieldIssue {
  path: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  readonly retryAfterSeconds: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: unknown,
    retryAfterSeconds: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Field messages of a VALIDATION_FAILED answer, keyed by the dotted field path. */
  get fieldIssues(): FieldIssue[] {
    if (!Array.isArray(this.details)) return [];
    const issues: FieldIssue[] = [];
    for (const item of this.details) {
      if (typeof item !== 'object' || item === null) continue;
      const { path, message } = item as { path?: unknown; message?: unknown };
      if (typeof message !== 'string') continue;
      const dotted = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
      issues.push({ path: dotted.replace(/^body\./, ''), message });
    }
    return issues;
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

const AUTH_PROBLEMS: ReadonlySet<string> = new Set([
  'UNAUTHENTICATED',
  'MFA_REQUIRED',
  'MFA_ENROLMENT_REQUIRED',
]);

export function authProblemOf(error: unknown): AuthProblem | null {
  if (!(error instanceof ApiError) || !AUTH_PROBLEMS.has(error.code)) return null;
  if (error.status !== 401 && error.status !== 403) return null;
  return error.code as AuthProblem;
}

// Security: the CSRF token lives in memory only; it is re-read from GET /api/v1/me after a reload.
let csrfToken: string | null = null;
let authProblemHandler: ((problem: AuthProblem) => void) | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The CSRF token for a change the api() helper cannot make (a raw file upload, say). */
export function getCsrfToken(): string | null {
  return csrfToken;
}

/**
 * Sends a file as the raw request body (not JSON), with its own Content-Type and the CSRF header;
 * errors come back as ApiError, like api().
 */
export async function uploadFile<T>(
  path: string,
  file: File,
  query?: Record<string, QueryValue>,
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': file.type || 'application/octet-stream',
  };
  if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(buildPath(path, query), {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new ApiError(
      0,
      'NETWORK_ERROR',
      'Tandem could not be reached. Check your connection and try again.',
      null,
      null,
    );
  }
  if (response.ok) return (await response.json()) as T;
  const error = await readError(response);
  const problem = authProblemOf(error);
  if (problem) authProblemHandler?.(problem);
  throw error;
}

export function onAuthProblem(handler: (problem: AuthProblem) => void): void {
  authProblemHandler = handler;
}

type QueryValue = string | number | boolean | null | undefined;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  /** Makes a create safe to repeat: the server answers a replay with the first result. */
  idempotencyKey?: string;
  /** Off for the sign-in steps themselves, whose 401s are answers to show, not a reason to leave. */
  redirectOnAuthProblem?: boolean;
}

export function buildPath(path: string, query?: Record<string, QueryValue>): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(buildPath(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(
      0,
      'NETWORK_ERROR',
      'Tandem could not be reached. Check your connection and try again.',
      null,
      null,
    );
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = await readError(response);
  const problem = authProblemOf(error);
  if (problem && options.redirectOnAuthProblem !== false) authProblemHandler?.(problem);
  throw error;
}

async function readError(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('Retry-After'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  let payload: unknown = null;
  try {
    payload = await response.json();
  } catch {
    // Not JSON (a proxy page, say): fall back to a message built from the status.
  }
  const body = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)
    ?.error;
  const code = typeof body?.code === 'string' ? body.code : `HTTP_${response.status}`;
  let message = typeof body?.message === 'string' ? body.message : fallbackMessage(response.status);
  if (retryAfterSeconds && !/\d/.test(message)) message += ` Try again in ${retryAfterSeconds} seconds.`;
  return new ApiError(response.status, code, message, body?.details ?? null, retryAfterSeconds);
}

function fallbackMessage(status: number): string {
  if (status === 404) return 'Not found.';
  if (status === 503) return 'Tandem is starting or its database is unavailable. Try again shortly.';
  if (status >= 500)
    return `Tandem hit a problem (HTTP ${status}). Try again; if it keeps happening, tell your administrator.`;
  return `The request was refused (HTTP ${status}).`;
}

/** A fresh Idempotency-Key: one per form opening, so a double submit cannot create twice. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
