import type { MailChannel, MailMessage } from '../db/schema/mail.ts';
import type { ChannelView, MessageView } from './contract.ts';

export const presentChannel = (c: MailChannel): ChannelView => ({
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
