import type { MailChannel, MailMessage } from '../db/schema/mail.ts';
import type { ChannelView, MessageView } from './contract.ts';
import type { ChannelCounts } from './service/channels.ts';

const presentCounts = (n: Partial<ChannelCounts>): ChannelView['counts'] => {
  const of = (...statuses: (keyof ChannelCounts)[]) => statuses.reduce((sum, s) => sum + (n[s] ?? 0), 0);
  return {
    received: of('queued', 'ticket', 'comment', 'dropped', 'failed', 'quarantined', 'released', 'rejected'),
    tickets: of('ticket', 'released'),
    comments: of('comment'),
    quarantined: of('quarantined'),
    ignored: of('dropped', 'rejected'),
    failed: of('failed'),
    waiting: of('queued'),
  };
};

export const presentChannel = (c: MailChannel, counts: Partial<ChannelCounts> = {}): ChannelView => ({
  id: c.id,
  kind: c.kind,
  name: c.name,
  addresses: c.addresses,
  imap:
    c.kind === 'imap'
      ? {
          host: c.imapHost ?? '',
          port: c.imapPort ?? 993,
          tls: c.imapTls ?? true,
          user: c.imapUser ?? '',
          mailbox: c.imapMailbox ?? 'INBOX',
          passwordSet: Boolean(c.imapSealedPassword),
        }
      : null,
  catalogueItemId: c.catalogueItemId,
  status: c.status,
  pollerState: c.pollerState,
  lastEventAt: c.lastEventAt,
  counts: presentCounts(counts),
  lastError: c.lastError,
  lastErrorAt: c.lastErrorAt,
  createdAt: c.createdAt,
  version: c.version,
});

export type MessageRow = Omit<MailMessage, 'raw'> & { ticketNumber: number | null };

export const presentMessage = (prefix: string, m: MessageRow): MessageView => ({
  id: m.id,
  channelId: m.channelId,
  messageId: m.messageId,
  from: m.fromAddress,
  subject: m.subject,
  sizeBytes: m.sizeBytes,
  status: m.status,
  reason: m.reason,
  ticketKey: m.ticketNumber === null ? null : `${prefix}-${m.ticketNumber}`,
  notes: m.notes,
  receivedAt: m.receivedAt,
  processedAt: m.processedAt,
});
