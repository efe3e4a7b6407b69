import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  bytea,
  createdAt,
  intakeHealth,
  rowId,
  sameWorkspace,
  updatedAt,
  version,
  workspaceId,
  workspaceKey,
} from './columns.ts';
import { catalogueItems, tickets } from './tickets.ts';

export const MAIL_CHANNEL_KINDS = ['smtp', 'imap'] as const;
export type MailChannelKind = (typeof MAIL_CHANNEL_KINDS)[number];

/**
 * Where a workspace's e-mail comes in: `smtp` (the addresses Tandem's own SMTP receiver accepts for
 * it) or `imap` (a hosted mailbox Tandem polls; its password sealed with the server key). New mail
 * becomes a ticket on the channel's catalogue item, so the responsibility map routes it.
 */
export const mailChannels = pgTable(
  'mail_channels',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    kind: text({ enum: MAIL_CHANNEL_KINDS }).notNull(),
    name: text().notNull(),
    /** smtp: the accepted addresses, lower case (each unique across the instance). */
    addresses: text().array().notNull().default([]),
    imapHost: text(),
    imapPort: integer(),
    imapTls: boolean(),
    imapUser: text(),
    imapSealedPassword: text(),
    imapMailbox: text(),
    catalogueItemId: uuid().notNull(),
    status: text({ enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    /** imap: the poller's state (idle, polling, error) as last seen. */
    pollerState: text(),
    /** imap: one instance polls a mailbox; it holds this lease and renews it while it runs. */
    pollerOwner: text(),
    pollerLeaseUntil: timestamp({ withTimezone: true }),
    ...intakeHealth(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    version: version(),
  },
  (t) => [workspaceKey(t), sameWorkspace(t, t.catalogueItemId, catalogueItems)],
);

export const MAIL_MESSAGE_STATUSES = [
  'queued',
  'ticket',
  'comment',
  'dropped',
  'failed',
  'quarantined',
  'released',
  'rejected',
  /** Outbound: a notification mailed about a ticket. */
  'sent',
] as const;
export type MailMessageStatus = (typeof MAIL_MESSAGE_STATUSES)[number];

/**
 * Every e-mail in or out of a workspace. Inbound: the raw message as received (stored and queued in
 * one transaction before the sender is told it arrived), then what became of it. Outbound: the
 * Message-ID of each notification mailed about a ticket, so a reply to it finds the ticket.
 * The Message-ID is unique per workspace: the same message twice is one ticket.
 */
export const mailMessages = pgTable(
  'mail_messages',
  {
    id: rowId(),
    workspaceId: workspaceId(),
    channelId: uuid(),
    direction: text({ enum: ['inbound', 'outbound'] }).notNull(),
    messageId: text().notNull(),
    fromAddress: text(),
    subject: text(),
    raw: bytea(),
    sizeBytes: integer().notNull().default(0),
    status: text({ enum: MAIL_MESSAGE_STATUSES }).notNull(),
    reason: text(),
    ticketId: uuid(),
    commentId: uuid(),
    /** Attachments refused by the upload checks, with why. */
    notes: jsonb().$type<string[]>().notNull().default([]),
    receivedAt: createdAt(),
    processedAt: timestamp({ withTimezone: true }),
    decidedByMembershipId: uuid(),
  },
  (t) => [
    uniqueIndex('mail_messages_workspace_message_id').on(t.workspaceId, t.messageId),
    index().on(t.workspaceId, t.receivedAt),
    index().on(t.workspaceId, t.ticketId),
    workspaceKey(t),
    sameWorkspace(t, t.ticketId, tickets),
    sameWorkspace(t, t.channelId, mailChannels),
  ],
);

export type MailChannel = typeof mailChannels.$inferSelect;
export type MailMessage = typeof mailMessages.$inferSelect;
