/**
 * Pure rules for e-mail in and out (src/mail): what is an automatic message, where a reply's own
 * words end, which ticket a subject names, and the Message-IDs Tandem gives its own mail.
 */

/** A header value as mailparser gives it, flattened to text. */
export type HeaderText = (name: string) => string | undefined;

export type LoopCheck = {
  headers: HeaderText;
  from: string | null;
  contentType: string | undefined;
  messageId: string;
  ownDomain: string;
};

/** Why a message must make no ticket (an auto-reply, a bounce, a list, a loop), or null. */
export function automaticReason(m: LoopCheck): string | null {
  const auto = m.headers('auto-submitted')?.trim().toLowerCase();
  if (auto && auto !== 'no') return `Auto-Submitted: ${auto} (an automatic reply)`;
  const precedence = m.headers('precedence')?.trim().toLowerCase();
  if (precedence && ['bulk', 'junk', 'list', 'auto_reply'].includes(precedence))
    return `Precedence: ${precedence}`;
  if (m.headers('x-autoreply') || m.headers('x-autorespond')) return 'an auto-responder header';
  if (m.contentType?.toLowerCase().startsWith('multipart/report')) return 'a delivery report (bounce)';
  const from = (m.from ?? '').toLowerCase();
  const local = from.split('@')[0] ?? '';
  if (!from) return 'no sender address';
  if (['mailer-daemon', 'postmaster', 'noreply', 'no-reply', 'donotreply', 'do-not-reply'].includes(local))
    return `sent by ${local} (an automatic sender)`;
  if (messageIdDomain(m.messageId) === m.ownDomain.toLowerCase())
    return 'carries one of our own Message-IDs (a mail loop)';
  return null;
}

export const messageIdDomain = (id: string) => id.replace(/^<|>$/g, '').split('@').pop()?.toLowerCase() ?? '';

/** `<a@b>` or `a@b` → `<a@b>`; null for something that is not one. */
export function normaliseMessageId(value: string | undefined | null): string | null {
  if (!value) return null;
  const bare = value.trim().replace(/^<|>$/g, '').trim();
  if (!bare || bare.length > 900 || /[\s<>]/.test(bare)) return null;
  return `<${bare}>`;
}

/** Every Message-ID in References / In-Reply-To, newest last. */
export function referencedIds(inReplyTo: string | undefined, references: string | string[] | undefined) {
  const text = [...(Array.isArray(references) ? references : [references ?? '']), inReplyTo ?? ''].join(' ');
  const ids = text.match(/<[^<>\s]+>/g) ?? [];
  return [...new Set(ids)];
}

/** `[ACME-123]` (or `ACME-123` in brackets anywhere) in a subject with this workspace's prefix. */
export function ticketNumberInSubject(subject: string, prefix: string): number | null {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\[${escaped}-(\\d{1,9})\\]`, 'i').exec(subject);
  return match ? Number(match[1]) : null;
}

/** Strips "Re:", "Fwd:" and a leading `[KEY-n]` so the ticket gets the person's own subject. */
export const cleanSubject = (subject: string) =>
  subject
    .replace(/^(\s*(re|fwd?|aw|wg|sv|tr)\s*:\s*)+/i, '')
    .trim()
    .slice(0, 200) || '(no subject)';

const QUOTE_HEADERS = [
  /^-{2,}\s*Original Message\s*-{2,}/i,
  /^_{5,}\s*$/,
  /^On .{1,300}wrote:\s*$/i,
  /^Le .{1,300}a écrit\s*:\s*$/i,
  /^Am .{1,300}schrieb .{0,200}:\s*$/i,
  /^From:\s.+$/i,
];

/**
 * The new words of a reply: quoted lines (">"), an "On … wrote:" block, an Outlook
 * "-----Original Message-----" or "From:" header block and everything below them are cut.
 */
export function stripQuotedHistory(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    const trimmed = line.trim();
    // "On Mon, 1 Dec 2026 at 10:00, Ann <ann@x>" may wrap onto a second line ending in "wrote:".
    const joined = `${trimmed} ${lines[i + 1]?.trim() ?? ''}`;
    if (QUOTE_HEADERS.some((re) => re.test(trimmed))) break;
    if (/^On .{1,300}$/i.test(trimmed) && /wrote:\s*$/i.test(joined) && !trimmed.endsWith('wrote:')) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n').trim();
}

/** Lower-case bare address, or null when it is not one. */
export function normaliseAddress(value: string | undefined | null): string | null {
  const text = (value ?? '').trim().toLowerCase();
  return /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(text) ? text : null;
}

export const domainOf = (address: string) => address.split('@').pop()!.toLowerCase();

/** The host part of Tandem's own Message-IDs: the public URL's host. */
export const ownMessageDomain = (publicUrl: string) => {
  try {
    return new URL(publicUrl).hostname.toLowerCase() || 'tandem.local';
  } catch {
    return 'tandem.local';
  }
};

/** `[ACME-12] subject` unless the subject already names the ticket so. */
export const threadSubject = (key: string, subject: string) =>
  subject.includes(`[${key}]`) ? subject : `[${key}] ${subject}`;
