import { and, eq, inArray, ne, type SQL, sql } from 'drizzle-orm';
import { type AuditInput, recordAudits } from '../audit/record.ts';
import type { Tx } from '../db/client.ts';
import {
  type EscalationActions,
  slaCalendars,
  slaClockEvents,
  slaClocks,
  slaEscalationRules,
  slaEscalationsFired,
} from '../db/schema/sla.ts';
import { tickets } from '../db/schema/tickets.ts';
import { memberships, parties } from '../db/schema/workspaces.ts';
import { addBusinessMinutes } from '../domain/business-time.ts';
import { raisedPriority, thresholdMinutes } from '../domain/sla.ts';
import type { Priority } from '../domain/tickets.ts';
import { systemMeta } from '../server/context.ts';
import type { SlaActor } from './actor.ts';
import { applySlaTicketChange, toCalendar, toPauses } from './clocks.ts';
import { notifyMembersOfEach, type SlaNotice } from './notify.ts';

export type EscalationOutcome = 'not-running' | 'not-due' | 'done';

/** Clock time may lag the job's start by the queue's polling; this much early is still due. */
const EARLY_TOLERANCE_MS = 2_000;

type Clock = typeof slaClocks.$inferSelect;
type Ticket = typeof tickets.$inferSelect;
type Calendar = ReturnType<typeof toCalendar>;
type Rule = typeof slaEscalationRules.$inferSelect;
type Member = { id: string; partyId: string | null; role: string };

const emptyPending = () => ({
  breaches: [] as { id: string; at: string }[],
  claims: [] as (typeof slaEscalationsFired.$inferInsert)[],
  events: [] as (typeof slaClockEvents.$inferInsert)[],
  notices: [] as { membershipIds: string[]; notice: SlaNotice }[],
});

/**
 * The escalations of many clocks of one workspace in one transaction: the clocks are locked and
 * read together with what has fired for them, the workspace's rules, calendars and people read
 * once, and the writes (breach flags, claims, clock events, notifications, audit events) made in
 * one statement each at the end (`flush`). Each clock and threshold still goes through the
 * same checks as its own timer would (running, due, once per rule by sla_escalations_fired).
 */
export class EscalationBatch {
  private readonly audits: AuditInput[] = [];
  /** Escalations already fired, as `clock:rule`: read under the clocks' row locks, so it is complete. */
  private readonly fired = new Set<string>();
  /** Writes held until `writePending` (the batch's breaches, claims, events and notices). */
  private pending = emptyPending();
  private readonly clocks = new Map<string, Clock>();
  private readonly tickets = new Map<string, Ticket>();
  private readonly calendars = new Map<string, Calendar>();
  private readonly members = new Map<string, Member[]>();
  /** Tickets changed by an escalation in this batch: their clocks are read again before use. */
  private readonly changed = new Set<string>();
  private rules: Rule[] | undefined;
  private internalPartyId: string | null | undefined;

  constructor(
    private readonly tx: Tx,
    private readonly a: SlaActor,
    private readonly now: Date,
  ) {}

  /** Locks and reads the clocks (ordered by id, so two batches never wait on each other in a cycle). */
  async load(clockIds: string[]) {
    if (clockIds.length === 0) return;
    const rows = await this.tx
      .select()
      .from(slaClocks)
      .where(and(eq(slaClocks.workspaceId, this.a.workspaceId), inArray(slaClocks.id, clockIds)))
      .orderBy(slaClocks.id)
      .for('update');
    for (const c of rows) this.clocks.set(c.id, c);
    // Every claim of a clock is made by a holder of its row lock (here or in another batch that has
    // committed), so after the lock the fired rows read here are all there are.
    if (rows.length > 0)
      for (const f of await this.tx
        .select({ clockId: slaEscalationsFired.clockId, ruleId: slaEscalationsFired.ruleId })
        .from(slaEscalationsFired)
        .where(
          and(
            eq(slaEscalationsFired.workspaceId, this.a.workspaceId),
            inArray(
              slaEscalationsFired.clockId,
              rows.map((c) => c.id),
            ),
          ),
        ))
        this.fired.add(`${f.clockId}:${f.ruleId}`);
    const ticketIds = [...new Set(rows.map((c) => c.ticketId))];
    if (ticketIds.length > 0)
      for (const t of await this.tx
        .select()
        .from(tickets)
        .where(and(eq(tickets.workspaceId, this.a.workspaceId), inArray(tickets.id, ticketIds))))
        this.tickets.set(t.id, t);
    const calendarIds = [...new Set(rows.map((c) => c.calendarId))].filter((id) => !this.calendars.has(id));
    if (calendarIds.length > 0)
      for (const c of await this.tx
        .select()
        .from(slaCalendars)
        .where(and(eq(slaCalendars.workspaceId, this.a.workspaceId), inArray(slaCalendars.id, calendarIds))))
        this.calendars.set(c.id, toCalendar(c));
  }

  private async clock(id: string): Promise<{ clock: Clock; ticket: Ticket } | null> {
    let clock = this.clocks.get(id);
    if (!clock || this.changed.has(clock.ticketId)) {
      // Not loaded, or its ticket changed in this batch: read again under the row lock.
      this.clocks.delete(id);
      await this.load([id]);
      clock = this.clocks.get(id);
    }
    const ticket = clock && this.tickets.get(clock.ticketId);
    return clock && ticket ? { clock, ticket } : null;
  }

  async workspaceRules(): Promise<Rule[]> {
    this.rules ??= await this.tx
      .select()
      .from(slaEscalationRules)
      .where(eq(slaEscalationRules.workspaceId, this.a.workspaceId));
    return this.rules;
  }

  /** The thresholds a clock escalates at: its rules' shares and the breach, ascending. */
  async percentsOf(clockId: string): Promise<number[]> {
    const found = await this.clock(clockId);
    if (!found) return [];
    const rules = (await this.workspaceRules()).filter(
      (r) => r.priority === found.ticket.priority && r.clockKind === found.clock.kind,
    );
    return [...new Set([...rules.map((r) => r.atPercent), 100])].sort((x, y) => x - y);
  }

  /**
   * Fires the escalations of one clock at one threshold. The threshold is recomputed from the
   * locked clock, so a timer of a clock that paused, moved or stopped does nothing.
   */
  async escalate(clockId: string, atPercent: number): Promise<EscalationOutcome> {
    const found = await this.clock(clockId);
    if (found?.clock.state !== 'running') return 'not-running';
    const { clock, ticket } = found;
    const cal = this.calendars.get(clock.calendarId);
    if (!cal) return 'not-running';
    const at = addBusinessMinutes(
      cal,
      clock.startedAt,
      thresholdMinutes(clock.targetMinutes, atPercent),
      toPauses(clock.pauses),
    );
    if (at.getTime() > this.now.getTime() + EARLY_TOLERANCE_MS) return 'not-due';
    const audit = (action: string, after: unknown) =>
      this.audits.push({
        workspaceId: this.a.workspaceId,
        actorAccountId: null,
        actorMembershipId: null,
        action,
        entityType: 'ticket',
        entityId: ticket.id,
        after,
      });
    if (atPercent >= 100 && !clock.breachedAt) {
      const breachedAt = clock.dueAt ?? at;
      this.pending.breaches.push({ id: clock.id, at: breachedAt.toISOString() });
      this.pending.events.push({
        workspaceId: this.a.workspaceId,
        ticketId: ticket.id,
        clockId: clock.id,
        kind: 'breached',
        at: breachedAt,
        detail: { targetMinutes: clock.targetMinutes },
      });
      this.clocks.set(clock.id, { ...clock, breachedAt });
      audit('ticket.sla_breached', { clock: clock.kind, dueAt: clock.dueAt });
    }
    const rules = (await this.workspaceRules()).filter(
      (r) => r.priority === ticket.priority && r.clockKind === clock.kind && r.atPercent === atPercent,
    );
    for (const rule of rules) {
      const claim = `${clock.id}:${rule.id}`;
      if (this.fired.has(claim)) continue;
      this.fired.add(claim);
      const outcome = await this.act(ticket, rule.actions);
      this.pending.claims.push({
        workspaceId: this.a.workspaceId,
        clockId: clock.id,
        ruleId: rule.id,
        outcome,
      });
      this.pending.events.push({
        workspaceId: this.a.workspaceId,
        ticketId: ticket.id,
        clockId: clock.id,
        kind: 'escalated',
        at: this.now,
        detail: { atPercent: rule.atPercent, note: rule.note, ...outcome },
      });
      audit('ticket.sla_escalated', {
        clock: clock.kind,
        atPercent: rule.atPercent,
        ruleId: rule.id,
        ...outcome,
      });
      const label = clock.kind === 'first_response' ? 'first response' : 'resolution';
      this.pending.notices.push({
        membershipIds: outcome.notified,
        notice: {
          kind: rule.atPercent >= 100 ? 'sla.breached' : 'sla.escalated',
          ticketId: ticket.id,
          title:
            rule.atPercent >= 100
              ? `Ticket #${ticket.number} breached its ${label} target`
              : `Ticket #${ticket.number} has used ${rule.atPercent}% of its ${label} target`,
          body: [ticket.subject, rule.note].filter(Boolean).join('\n\n'),
          dedupeKey: `sla:${clock.id}:${rule.id}`,
        },
      });
    }
    return 'done';
  }

  /** Writes what the batch holds and its audit events, in order. Call once, before commit. */
  async flush() {
    await this.writePending();
    await recordAudits(this.tx, systemMeta('sla.escalate'), this.audits.splice(0));
  }

  /**
   * The held writes, one statement each: breach flags, once-only claims with their outcomes, clock
   * events, notifications. A claim another transaction made after all (it cannot while this one
   * holds the clock's lock) fails the batch, so it rolls back and its job is tried again.
   */
  private async writePending() {
    const { breaches, claims, events, notices } = this.pending;
    this.pending = emptyPending();
    if (breaches.length > 0)
      await this.tx.execute(sql`update sla_clocks c set breached_at = b.at
        from jsonb_to_recordset(${JSON.stringify(breaches)}::jsonb) as b(id uuid, at timestamptz)
        where c.workspace_id = ${this.a.workspaceId} and c.id = b.id`);
    if (claims.length > 0) {
      const made = await this.tx
        .insert(slaEscalationsFired)
        .values(claims)
        .onConflictDoNothing()
        .returning({ id: slaEscalationsFired.id });
      if (made.length !== claims.length)
        throw new Error(`${claims.length - made.length} escalation(s) were claimed by another transaction`);
    }
    if (events.length > 0) await this.tx.insert(slaClockEvents).values(events);
    await notifyMembersOfEach(this.tx, this.a, notices);
  }

  private async activeMembers(key: string, where: SQL | undefined): Promise<Member[]> {
    let found = this.members.get(key);
    if (!found) {
      found = await this.tx
        .select({ id: memberships.id, partyId: memberships.partyId, role: memberships.role })
        .from(memberships)
        .innerJoin(parties, eq(parties.id, memberships.partyId))
        .where(and(eq(memberships.workspaceId, this.a.workspaceId), eq(memberships.status, 'active'), where));
      this.members.set(key, found);
    }
    return found;
  }

  private async act(
    ticket: Ticket,
    actions: EscalationActions,
  ): Promise<{ notified: string[]; reassignedTo: string | null; raisedTo: Priority | null }> {
    if (this.internalPartyId === undefined) {
      const [internal] = await this.tx
        .select({ id: parties.id })
        .from(parties)
        .where(and(eq(parties.workspaceId, this.a.workspaceId), eq(parties.kind, 'internal')));
      this.internalPartyId = internal?.id ?? null;
    }
    const lanePartyId = ticket.lanePartyId ?? this.internalPartyId;
    const notified = new Set<string>();
    if (actions.notifyRoles.length > 0 && lanePartyId) {
      const roles = [...actions.notifyRoles].sort();
      for (const m of await this.activeMembers(
        `lane:${lanePartyId}:${roles.join(',')}`,
        and(eq(memberships.partyId, lanePartyId), inArray(memberships.role, roles)),
      ))
        notified.add(m.id);
    }
    if (actions.notifyOtherPartyLead) {
      const others = ticket.lanePartyId ? ne(memberships.partyId, ticket.lanePartyId) : undefined;
      for (const m of await this.activeMembers(
        `leads-besides:${ticket.lanePartyId ?? ''}`,
        and(eq(memberships.role, 'lead'), others),
      ))
        notified.add(m.id);
    }
    let reassignedTo: string | null = null;
    let raisedTo: Priority | null = null;
    const set: Partial<typeof tickets.$inferInsert> = {};
    if (actions.reassignToMembershipId) {
      const [m] = await this.activeMembers(
        `member:${actions.reassignToMembershipId}`,
        eq(memberships.id, actions.reassignToMembershipId),
      );
      // Only inside the lane: moving lanes is a handoff, which a timer does not decide.
      if (m && m.role !== 'viewer' && (!ticket.lanePartyId || m.partyId === ticket.lanePartyId)) {
        set.assigneeMembershipId = m.id;
        reassignedTo = m.id;
        notified.add(m.id);
      }
    }
    if (actions.raisePriority) {
      const next = raisedPriority(ticket.priority as Priority);
      if (next !== ticket.priority) {
        set.priority = next;
        raisedTo = next;
      }
    }
    if (Object.keys(set).length > 0) {
      // The ticket's clocks may restart: what this batch holds for them is written first.
      await this.writePending();
      const [after] = await this.tx
        .update(tickets)
        .set({ ...set, updatedAt: this.now, version: sql`${tickets.version} + 1` })
        .where(and(eq(tickets.workspaceId, this.a.workspaceId), eq(tickets.id, ticket.id)))
        .returning();
      // At the escalation's own time (a simulated one in src/simulation), not the wall clock's.
      if (raisedTo)
        await applySlaTicketChange(this.tx, this.a, ticket, after!, { byStaff: false, at: this.now });
      this.tickets.set(ticket.id, after!);
      this.changed.add(ticket.id);
    }
    return { notified: [...notified], reassignedTo, raisedTo };
  }
}
