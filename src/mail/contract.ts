import { z } from 'zod';
import { MAIL_CHANNEL_KINDS, MAIL_MESSAGE_STATUSES } from '../db/schema/mail.ts';
import { Timestamp, WorkspaceIdParamsSchema } from '../server/http.ts';

const Address = z
  .email({ message: 'must be an e-mail address' })
  .max(254)
  .transform((a) => a.toLowerCase());
const Addresses = z
  .array(Address)
  .min(1, 'must list at least one address')
  .max(20)
  .refine((list) => new Set(list).size === list.length, 'must not repeat an address');
const Host = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(253)
  .regex(/^[A-Za-z0-9.:[\]-]+$/, 'must be a host name or address');
const Port = z.number().int().min(1).max(65535);
const Mailbox = z.string().trim().min(1).max(200);
const Name = z.string().trim().min(1, 'must not be empty').max(100);
const Password = z.string().min(1, 'must not be empty').max(500);

export const CreateChannelBodySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('smtp'),
    name: Name,
    addresses: Addresses,
    catalogueItemId: z.uuid(),
  }),
  z.strictObject({
    kind: z.literal('imap'),
    name: Name,
    host: Host,
    port: Port.default(993),
    tls: z.boolean().default(true),
    user: z.string().trim().min(1, 'must not be empty').max(254),
    password: Password,
    mailbox: Mailbox.default('INBOX'),
    catalogueItemId: z.uuid(),
  }),
]);
export type CreateChannelBody = z.output<typeof CreateChannelBodySchema>;

export const UpdateChannelBodySchema = z.strictObject({
  version: z.number().int().min(1),
  name: Name.optional(),
  addresses: Addresses.optional(),
  catalogueItemId: z.uuid().optional(),
  host: Host.optional(),
  port: Port.optional(),
  tls: z.boolean().optional(),
  user: z.string().trim().min(1).max(254).optional(),
  mailbox: Mailbox.optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type UpdateChannelBody = z.output<typeof UpdateChannelBodySchema>;

export const RotatePasswordBodySchema = z.strictObject({ password: Password });

export const ChannelParamsSchema = WorkspaceIdParamsSchema;
export const MessageParamsSchema = WorkspaceIdParamsSchema;

export const ChannelSchema = z.object({
  id: z.uuid(),
  kind: z.enum(MAIL_CHANNEL_KINDS),
  name: z.string(),
  addresses: z.array(z.string()),
  imap: z
    .object({
      host: z.string(),
      port: z.number().int(),
      tls: z.boolean(),
      user: z.string(),
      mailbox: z.string(),
      /** Never the password itself. */
      passwordSet: z.boolean(),
    })
    .nullable(),
  catalogueItemId: z.uuid(),
  status: z.enum(['active', 'disabled']),
  pollerState: z.string().nullable(),
  /** When the channel last took in a message. */
  lastEventAt: Timestamp.nullable(),
  /** What became of the channel's mail over the last 30 days. */
  counts: z.object({
    received: z.number().int(),
    /** New tickets, including mail released from quarantine. */
    tickets: z.number().int(),
    comments: z.number().int(),
    quarantined: z.number().int(),
    /** Auto-replies, bounces, loops and rejected mail: no ticket by design. */
    ignored: z.number().int(),
    failed: z.number().int(),
    /** Stored, not yet processed. */
    waiting: z.number().int(),
  }),
  lastError: z.string().nullable(),
  lastErrorAt: Timestamp.nullable(),
  createdAt: Timestamp,
  version: z.number().int(),
});
export type ChannelView = z.output<typeof ChannelSchema>;

export const MessageSchema = z.object({
  id: z.uuid(),
  channelId: z.uuid().nullable(),
  messageId: z.string(),
  from: z.string().nullable(),
  subject: z.string().nullable(),
  sizeBytes: z.number().int(),
  status: z.enum(MAIL_MESSAGE_STATUSES),
  reason: z.string().nullable(),
  ticketKey: z.string().nullable(),
  notes: z.array(z.string()),
  receivedAt: Timestamp,
  processedAt: Timestamp.nullable(),
});
export type MessageView = z.output<typeof MessageSchema>;

export const MailOverviewSchema = z.object({
  channels: z.array(ChannelSchema),
  abilities: z.object({ configure: z.boolean() }),
});
export const ChannelResponseSchema = z.object({ channel: ChannelSchema });
export const MessagesResponseSchema = z.object({ items: z.array(MessageSchema) });
export const MessageResponseSchema = z.object({ message: MessageSchema });

export const EventsQuerySchema = z.strictObject({
  status: z.enum(MAIL_MESSAGE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const RejectBodySchema = z.strictObject({ reason: z.string().trim().max(500).optional() });

export type MailOverview = z.output<typeof MailOverviewSchema>;
export type ChannelResponse = z.output<typeof ChannelResponseSchema>;
export type MessagesResponse = z.output<typeof MessagesResponseSchema>;
export type MessageResponse = z.output<typeof MessageResponseSchema>;
