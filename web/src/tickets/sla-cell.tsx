import { Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { slaCountdown } from '../../../src/domain/sla-countdown';
import type { QueueSla } from './types';

const KIND = { first_response: 'First response', resolution: 'Resolution' } as const;
const TONE = { breached: 'red', at_risk: 'orange', ok: undefined, paused: 'dimmed' } as const;

/** The browser's now on the server's clock: one tick per second for every countdown on the page. */
export function useServerNow(offsetMs: number) {
  const [now, setNow] = useState(() => Date.now() + offsetMs);
  useEffect(() => {
    setNow(Date.now() + offsetMs);
    const timer = window.setInterval(() => setNow(Date.now() + offsetMs), 1000);
    return () => window.clearInterval(timer);
  }, [offsetMs]);
  return now;
}

/** Time left on the nearest clock, coloured when at risk or breached; paused says so. */
export function SlaCell({ sla, serverNow }: { sla: QueueSla | null; serverNow: number }) {
  if (!sla)
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  const countdown = slaCountdown(sla, serverNow);
  return (
    <Text
      size="sm"
      c={TONE[countdown.tone]}
      fw={countdown.tone === 'breached' || countdown.tone === 'at_risk' ? 600 : undefined}
      title={`${KIND[sla.kind]}${sla.dueAt ? ` due ${new Date(sla.dueAt).toLocaleString()}` : ' clock paused'}`}
      data-sla-seconds={countdown.seconds ?? undefined}
      style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
    >
      {countdown.text}
      <Text span size="xs" c="dimmed">
        {' '}
        {sla.kind === 'first_response' ? '· reply' : '· resolve'}
      </Text>
    </Text>
  );
}
