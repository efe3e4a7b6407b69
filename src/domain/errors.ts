// Refusals as values: every layer may throw them; server/error-handler.ts maps them to HTTP answers.
export type ErrorDetails = unknown;

/** A refusal the client can act on; mapped to its status by the error handler. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetails,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export class Invalid extends AppError {
  constructor(message: string, path?: string) {
    super(400, 'VALIDATION_FAILED', message, path ? [{ path, message }] : undefined);
  }
}
export class Unauthenticated extends AppError {
  constructor(message = 'Sign in first.', code = 'UNAUTHENTICATED') {
    super(401, code, message);
  }
}
export class Forbidden extends AppError {
  constructor(message: string, code = 'FORBIDDEN') {
    super(403, code, message);
  }
}
export class NotFound extends AppError {
  constructor(what = 'Not found') {
    super(404, 'NOT_FOUND', what);
  }
}
export class Conflict extends AppError {
  constructor(message: string, code = 'CONFLICT') {
    super(409, code, message);
  }
}
export class StaleVersion extends AppError {
  constructor(entity: string, currentVersion?: number) {
    super(
      409,
      'STALE_VERSION',
      `This ${entity} was changed by someone else since you loaded it; reload and try again.`,
      currentVersion === undefined ? undefined : { currentVersion },
    );
  }
}
export class TooManyAttempts extends AppError {
  constructor(retryAfter: number) {
    super(
      429,
      'TOO_MANY_ATTEMPTS',
      `Too many failed attempts; try again in ${retryAfter} seconds.`,
      undefined,
      {
        'retry-after': String(retryAfter),
      },
    );
  }
}
