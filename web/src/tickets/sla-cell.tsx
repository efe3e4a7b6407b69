import { useSyncExternalStore } from 'react';
import { slaCountdown } from '../../../src/domain/sla-countdown';
import type { QueueSla } from './types';

const KIND = { first_response: 'First response', resolution: 'Resolution' } as const;
const TONE = {
  breached: 'var(--mantine-color-red-text)',
  at_risk: 'var(--mantine-color-orange-text)',
  ok: undefined,
  paused: 'var(--mantine-color-dimmed)',
} as const;

// One shared one-second tick for every countdown on the page: only the SLA cells re-render each
// second, never the whole table.
const listeners = new Set<() => void>();
let tick = Date.now();
let timer: number | undefined;
function subscribe(listener: () => void) {
  listeners.add(listener);
  if (timer === undefined)
    timer = window.setInterval(() => {
      tick = Date.now();
      for (const l of listeners) l();
    }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}
const snapshot = () => tick;

/** The browser's now on the server's clock, ticking once a second (shared by every countdown). */
export function useServerNow(offsetMs: number) {
  return useSyncExternalStore(subscribe, snapshot) + offsetMs;
}

/** Time left on the nearest clock, coloured when at risk or breached; paused says so. */
export function SlaCell({ sla, serverOffsetMs }: { sla: QueueSla | null; serverOffsetMs: number }) {
  const serverNow = useServerNow(serverOffsetMs);
  if (!sla) return <span style={{ color: 'var(--mantine-color-dimmed)' }}>—</span>;
  const countdown = slaCountdown(sla, serverNow);
  return (
    <span
      title={`${KIND[sla.kind]}${sla.dueAt ? ` due ${new Date(sla.dueAt).toLocaleString()}` : ' clock paused'}`}
      data-sla-seconds={countdown.seconds ?? undefined}
      style={{
        color: TONE[countdown.tone],
        fontWeight: countdown.tone === 'breached' || countdown.tone === 'at_risk' ? 600 : undefined,
        whiteSpace: 'nowrap',
        fontVariantNumeric: 'tabular-nums',
      }}
    >
      {countdown.text}
      <span
        style={{
          color: 'var(--mantine-color-dimmed)',
          fontSize: 'var(--mantine-font-size-xs)',
          fontWeight: 400,
        }}
      >
        {' '}
        {sla.kind === 'first_response' ? '· reply' : '· resolve'}
      </span>
    </span>
  );
}
