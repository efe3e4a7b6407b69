import { describe, expect, it } from 'vitest';
import {
  defaultPreference,
  nextDigestAt,
  signWebhook,
  ticketAudience,
  verifyWebhookSignature,
  webhookUrlProblem,
} from './notifications.ts';

describe('webhook URLs', () => {
  it.each([
    ['https://hooks.example.test/tandem', null],
    ['http://10.0.0.5:8080/in', null],
    ['ftp://example.test/x', 'must use http:// or https://'],
    ['javascript:alert(1)', 'must use http:// or https://'],
    ['/relative', 'must be an absolute http:// or https:// URL'],
    ['https://me:secret@example.test/', 'must not carry a user name or password; use the signing secret'],
    ['https://example.test/#frag', 'must not have a #fragment'],
  ])('%s → %s', (url, problem) => {
    expect(webhookUrlProblem(url)).toBe(problem);
  });
});

describe('webhook signatures', () => {
  const body = '{"event":"ticket.created"}';
  it('signs the timestamp and body and verifies them', () => {
    const header = signWebhook('whsec_x', body, 1_800_000_000);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature('whsec_x', body, header, 1_800_000_010)).toBe(true);
  });
  it('refuses another secret, a changed body, a malformed header and an old timestamp', () => {
    const header = signWebhook('whsec_x', body, 1_800_000_000);
    expect(verifyWebhookSignature('whsec_y', body, header, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature('whsec_x', `${body} `, header, 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature('whsec_x', body, 'v1=abc', 1_800_000_000)).toBe(false);
    expect(verifyWebhookSignature('whsec_x', body, header, 1_800_000_301)).toBe(false);
  });
});

describe('digest time', () => {
  it('is the coming hour, today or tomorrow (UTC)', () => {
    expect(nextDigestAt(7, new Date('2026-03-01T05:00:00Z')).toISOString()).toBe('2026-03-01T07:00:00.000Z');
    expect(nextDigestAt(7, new Date('2026-03-01T07:00:00Z')).toISOString()).toBe('2026-03-02T07:00:00.000Z');
    expect(nextDigestAt(0, new Date('2026-12-31T23:30:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('who hears of a ticket event', () => {
  const ticket = { id: 't1', requesterMembershipId: 'req', assigneeMembershipId: 'asg', lanePartyId: 'prov' };
  it('tells requesters only of public events', () => {
    expect(ticketAudience('ticket.assigned', ticket)).toEqual([{ membershipId: 'asg' }]);
    expect(ticketAudience('ticket.handed_off', ticket)).not.toContainEqual({ membershipId: 'req' });
    expect(ticketAudience('ticket.commented', ticket)).toContainEqual({ membershipId: 'req' });
    expect(ticketAudience('ticket.resolved', ticket)).toContainEqual({ membershipId: 'req' });
  });
  it('sends new work to the lane staff, or both leads in joint triage', () => {
    expect(ticketAudience('ticket.created', ticket)).toContainEqual({
      partyId: 'prov',
      roles: ['lead', 'agent'],
    });
    const triage = ticketAudience('ticket.created', { ...ticket, lanePartyId: null });
    expect(triage).toContainEqual({ partyKind: 'internal', roles: ['lead'] });
    expect(triage).toContainEqual({ partyKind: 'provider', roles: ['lead'] });
  });
  it('replies reach the assignee, or the lane when nobody is assigned; outcomes reach watching leads', () => {
    expect(ticketAudience('ticket.commented', { ...ticket, assigneeMembershipId: null })).toContainEqual({
      partyId: 'prov',
      roles: ['lead', 'agent'],
    });
    expect(ticketAudience('ticket.resolved', ticket)).toContainEqual({
      watchersOfTicketId: 't1',
      roles: ['lead'],
    });
  });
  it('defaults to in-app on and the event’s e-mail mode', () => {
    expect(defaultPreference('ticket.created')).toEqual({ inApp: true, email: 'digest' });
    expect(defaultPreference('sla.breached')).toEqual({ inApp: true, email: 'immediate' });
  });
});
