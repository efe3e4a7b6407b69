import type { Tx } from '../db/client.ts';
import type { PackSection } from './contract.ts';

/**
 * The pack's "readiness" section comes from src/readiness (the leaders' ten checks), which this
 * area does not import: the composition root passes its function in as `readiness` in
 * ReviewDeps (server/app.ts, the snapshot worker). Without it — src/readiness does not exist yet —
 * the section is absent from the pack, never faked. The function runs inside the pack's
 * transaction, in the workspace's scope, and returns the finished section (id 'readiness').
 */
export type ReadinessProvider = (tx: Tx, workspaceId: string, now: Date) => Promise<PackSection | null>;
