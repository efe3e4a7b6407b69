import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Database } from '../db/client.ts';
import { instanceSettings } from '../db/schema/instance.ts';

export type SecretKeySource = 'env' | 'file';

/**
 * The key that seals TOTP secrets. From TANDEM_SECRET_KEY, else a key kept in the data folder
 * (created on first start). Several instances must share TANDEM_SECRET_KEY.
 */
export function loadSecretKey(config: Config): { key: Buffer; source: SecretKeySource } {
  if (config.secretKeyHex) return { key: Buffer.from(config.secretKeyHex, 'hex'), source: 'env' };
  mkdirSync(config.dataDir, { recursive: true });
  const path = join(config.dataDir, 'secret.key');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${path} does not hold a 64-character hex key`);
  return { key: Buffer.from(hex, 'hex'), source: 'file' };
}

/** Proves which key is in use without revealing it: an HMAC of a fixed label. */
export const secretKeyCheck = (key: Buffer) =>
  createHmac('sha256', key).update('tandem secret key check v1').digest('hex');

export class SecretKeyMismatch extends Error {
  constructor(source: SecretKeySource) {
    super(
      'TANDEM_SECRET_KEY does not match the key this database was first started with, so sealed ' +
        'secrets (two-step sign-in, stored replies) could not be read. Start every instance with the ' +
        `same TANDEM_SECRET_KEY${source === 'file' ? ' (this instance used the secret.key of its data folder because TANDEM_SECRET_KEY is not set)' : ''}.`,
    );
    this.name = 'SecretKeyMismatch';
  }
}

/**
 * The first start records the key's check value; every later start (any instance) must match it,
 * or it refuses to start instead of answering 500 at two-step sign-in.
 */
export async function assertSecretKeyMatches(db: Database, key: Buffer, source: SecretKeySource) {
  const mine = secretKeyCheck(key);
  await db.insert(instanceSettings).values({ secretKeyCheck: mine }).onConflictDoNothing();
  const [stored] = await db.select({ check: instanceSettings.secretKeyCheck }).from(instanceSettings);
  const matches =
    stored !== undefined &&
    stored.check.length === mine.length &&
    timingSafeEqual(Buffer.from(stored.check), Buffer.from(mine));
  if (!matches) throw new SecretKeyMismatch(source);
}
