import type { Lookups } from '../db/lookups.ts';
import type { Jobs } from '../jobs/queue.ts';

/** Who changes a clock: a member acting in a request, or the system (membershipId null). */
export type SlaActor = {
  workspaceId: string;
  membershipId: string | null;
  accountId: string | null;
  jobs: Jobs;
  /** A batch's reference data (policies, calendars, rules), read once (db/lookups.ts). */
  lookups?: Lookups | undefined;
};
