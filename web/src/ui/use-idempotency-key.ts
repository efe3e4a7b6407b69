import { useRef } from 'react';
import { newIdempotencyKey } from './api-client';

/**
 * One Idempotency-Key per distinct body within a form: resubmitting the same body (a double click, a
 * retry after a lost answer) replays; an edited body gets a new key, since the server refuses a reused
 * key with another body.
 */
export function useIdempotencyKey(): (body: unknown) => string {
  const last = useRef<{ body: string; key: string } | null>(null);
  return (body) => {
    const serialised = JSON.stringify(body);
    if (last.current?.body !== serialised) last.current = { body: serialised, key: newIdempotencyKey() };
    return last.current.key;
  };
}
