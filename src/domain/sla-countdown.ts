/** How a queue row shows its nearest SLA clock; pure, so the browser and tests agree. */
export type CountdownInput = { state: 'running' | 'paused'; dueAt: string | null; breached: boolean };
export type Countdown = {
  tone: 'breached' | 'at_risk' | 'ok' | 'paused';
  text: string;
  seconds: number | null;
};

/** Under an hour left counts as at risk. */
export const AT_RISK_SECONDS = 60 * 60;

/** "1h 05m", "4m 09s", "2d 3h": whole seconds, truncated toward zero like the clock API. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.abs(totalSeconds);
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${pad(minutes)}m`;
  return `${minutes}m ${pad(seconds)}s`;
}

/** Time left on the clock at serverNowMs (the browser's now plus the server offset). */
export function slaCountdown(clock: CountdownInput, serverNowMs: number): Countdown {
  if (clock.state === 'paused' || !clock.dueAt) return { tone: 'paused', text: 'Paused', seconds: null };
  const seconds = Math.trunc((Date.parse(clock.dueAt) - serverNowMs) / 1000);
  if (seconds < 0 || clock.breached)
    return { tone: 'breached', text: `${formatDuration(Math.min(seconds, 0))} over`, seconds };
  return {
    tone: seconds < AT_RISK_SECONDS ? 'at_risk' : 'ok',
    text: `${formatDuration(seconds)} left`,
    seconds,
  };
}
