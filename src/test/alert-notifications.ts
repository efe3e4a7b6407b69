import type { TestApp } from './build-test-app.ts';
import { countRows } from './tenancy-helpers.ts';

/**
 * Waits until the job queue has processed every alert notification stored for the workspace; on
 * timeout the error names the workers' errors.
 */
export async function alertNotificationsProcessed(t: TestApp, workspaceId: string, timeoutMs = 60_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const queued = await countRows(t, 'alert_notifications', "workspace_id = $1 and status = 'queued'", [
      workspaceId,
    ]);
    if (queued === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`alert notifications were not processed in time: ${JSON.stringify(t.jobs?.errors())}`);
}
