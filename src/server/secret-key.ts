import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';

/**
 * The key that seals TOTP secrets. From TANDEM_SECRET_KEY, else a key kept in the data folder
 * (created on first start). Several instances must share TANDEM_SECRET_KEY.
 */
export function loadSecretKey(config: Config): { key: Buffer; source: 'env' | 'file' } {
  if (config.secretKeyHex) return { key: Buffer.from(config.secretKeyHex, 'hex'), source: 'env' };
  mkdirSync(config.dataDir, { recursive: true });
  const path = join(config.dataDir, 'secret.key');
  if (!existsSync(path)) writeFileSync(path, randomBytes(32).toString('hex'), { mode: 0o600, flag: 'wx' });
  const hex = readFileSync(path, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`${path} does not hold a 64-character hex key`);
  return { key: Buffer.from(hex, 'hex'), source: 'file' };
}
