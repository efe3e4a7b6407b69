import { z } from 'zod';
import { ItemsSchema, Timestamp } from '../server/http.ts';
import { TOKEN_SCOPES } from '../server/identity.ts';
import { PartyRefSchema, RoleSchema } from '../workspaces/contract.ts';

export { TOKEN_SCOPES };
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);
export const LoginBodySchema = z.strictObject({
  // People read these on the sign-in form: say what to do, not what the validator found.
  email: z
    .string('Enter your email address.')
    .trim()
    .min(1, 'Enter your email address.')
    .email('Enter an email address such as name@example.com.')
    .max(320, 'An email address is at most 320 characters.'),
  password: z
    .string('Enter your password.')
    .min(1, 'Enter your password.')
    .max(PASSWORD_MAX_LENGTH, `A password is at most ${PASSWORD_MAX_LENGTH} characters.`),
});
const SixDigits = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'must be 6 digits');
export const MfaVerifyBodySchema = z
  .strictObject({
    code: SixDigits.optional(),
    recoveryCode: z.string().trim().min(6).max(40).optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), {
    message: 'send either code or recoveryCode',
  });
export const CodeBodySchema = z.strictObject({ code: SixDigits });
export const PasswordBodySchema = z.strictObject({
  currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  newPassword: PasswordSchema,
});
export const IdParamsSchema = z.strictObject({ id: z.uuid() });
export const TokenBodySchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.enum(TOKEN_SCOPES)).min(1).max(2),
  expiresInDays: z.number().int().min(1).max(365),
});

// ---------- responses ----------

export const MfaStateSchema = z.enum(['verified', 'not_required', 'pending', 'enrolment_required']);
export type MfaState = z.output<typeof MfaStateSchema>;

export const SessionStateSchema = z.object({ mfaState: MfaStateSchema, expiresAt: Timestamp });
export type SessionState = z.output<typeof SessionStateSchema>;

export const SignedOutSchema = z.object({
  providerSignOutUrl: z
    .string()
    .nullable()
    .describe(
      "Where to send the browser next so the identity provider ends its session too (single sign-on with the provider's signOutAtProvider set); null otherwise",
    ),
});
export type SignedOut = z.output<typeof SignedOutSchema>;

export const SignInAnswerSchema = z.object({
  session: SessionStateSchema,
  csrfToken: z.string(),
});
export type SignInAnswer = z.output<typeof SignInAnswerSchema>;

export const MembershipSummarySchema = z.object({
  id: z.string(),
  role: RoleSchema,
  workspace: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
  party: PartyRefSchema.nullable(),
});
export type MembershipSummary = z.output<typeof MembershipSummarySchema>;

export const MeSchema = z.object({
  account: z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    isAdmin: z.boolean(),
    mfaEnrolled: z.boolean(),
    mfaRequired: z.boolean(),
  }),
  session: SessionStateSchema,
  csrfToken: z.string(),
  memberships: z.array(MembershipSummarySchema),
});
export type Me = z.output<typeof MeSchema>;

export const MfaVerifiedSchema = z.object({ session: SessionStateSchema });
export const EnrolmentSchema = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });
export type Enrolment = z.output<typeof EnrolmentSchema>;
export const EnrolmentConfirmedSchema = z.object({
  recoveryCodes: z.array(z.string()),
  session: SessionStateSchema,
});
export const RecoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });

export const AccountSessionSchema = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: Timestamp,
  lastSeenAt: Timestamp.nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
export type AccountSession = z.output<typeof AccountSessionSchema>;
export const AccountSessionsSchema = ItemsSchema(AccountSessionSchema);

export const TokenAbilitiesSchema = z.object({ list: z.boolean(), create: z.boolean(), revoke: z.boolean() });

export const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.enum(TOKEN_SCOPES)),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  lastUsedAt: Timestamp.nullable(),
  revokedAt: Timestamp.nullable(),
});
export type ApiToken = z.output<typeof ApiTokenSchema>;
export const ApiTokensSchema = ItemsSchema(ApiTokenSchema).extend({ abilities: TokenAbilitiesSchema });
export const ApiTokenCreatedSchema = z.object({
  token: ApiTokenSchema,
  secret: z.string().meta({ description: 'Shown once; only its SHA-256 is stored.' }),
});
