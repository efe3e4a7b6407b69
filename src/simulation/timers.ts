import type { Database, Tx } from '../db/client.ts';
import { HISTORY_ONLY_JOBS, type JobPayloads, type Jobs } from '../jobs/queue.ts';
import { runEscalation } from '../sla/escalation.ts';

/** An SLA timer the services set on simulated time, kept until the simulated clock reaches it. */
export type SimulatedTimer = {
  at: string;
  key: string;
  payload: JobPayloads['sla.escalate'];
  /** The ticket whose clock it watches (the engine drops its timers once it resolves the ticket). */
  ticket: number | null;
};

/**
 * The simulation's job queue. The services queue their follow-up work here exactly as live: the SLA
 * timers (`sla.escalate`) are kept and fired by the engine when simulated time reaches them, through
 * the same handler as the live job, so breaches and escalations happen in the simulated past, never
 * later on the real clock. Everything else history does not queue (HISTORY_ONLY_JOBS), and
 * notifications tell no one (`quiet`).
 */
export class SimulatedTimers {
  readonly timers: SimulatedTimer[];
  /** The ticket the engine is working on: timers set meanwhile watch its clocks. */
  ticket: number | null = null;

  constructor(resumed: SimulatedTimer[] = []) {
    this.timers = [...resumed];
  }

  readonly jobs: Jobs = {
    ...HISTORY_ONLY_JOBS,
    quiet: true,
    enqueue: async (_tx, queue, payload, options) => {
      if (queue !== 'sla.escalate' || !options?.startAfter) return;
      const key = options.singletonKey ?? `${JSON.stringify(payload)}`;
      if (this.timers.some((t) => t.key === key)) return;
      this.timers.push({
        at: options.startAfter.toISOString(),
        key,
        payload: payload as JobPayloads['sla.escalate'],
        ticket: this.ticket,
      });
    },
    // The clock code sets a ticket's timers together (one statement live): each is kept the same way.
    enqueueMany: async (tx, jobs) => {
      for (const job of jobs) await this.jobs.enqueue(tx, job.queue, job.payload, job.options);
    },
  };

  /** Fires, in order, every timer due by `until`, each at its own instant, inside the caller's transaction. */
  async fireUntil(db: Database, until: Date) {
    for (;;) {
      const next = this.timers.reduce<SimulatedTimer | null>(
        (a, t) => (a === null || t.at < a.at ? t : a),
        null,
      );
      if (!next || Date.parse(next.at) > until.getTime()) return;
      this.timers.splice(this.timers.indexOf(next), 1);
      const previous = this.ticket;
      this.ticket = next.ticket;
      await runEscalation({ db, jobs: this.jobs }, next.payload, new Date(next.at));
      this.ticket = previous;
    }
  }

  /** A resolved ticket's clocks are stopped: its timers would find nothing to do. */
  dropTicket(number: number) {
    for (let i = this.timers.length - 1; i >= 0; i--)
      if (this.timers[i]!.ticket === number) this.timers.splice(i, 1);
  }

  /**
   * At the end of the history, the timers still ahead go to the live queue (they fall due in the
   * present), inside the last step's transaction; without one, the live sweep finds those clocks.
   */
  async handOver(tx: Tx, live: Jobs | undefined) {
    const ahead = this.timers.splice(0);
    if (!live) return 0;
    for (const t of ahead)
      await live.enqueue(tx, 'sla.escalate', t.payload, { startAfter: new Date(t.at), singletonKey: t.key });
    return ahead.length;
  }
}
