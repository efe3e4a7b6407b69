import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Lines are gathered up to this size before being hashed and written (one write, not one per row). */
const FLUSH_AT = 64 * 1024;

/** A file written line by line with backpressure, hashed as it is written. */
export class HashedFile {
  private readonly stream: WriteStream;
  private readonly hash = createHash('sha256');
  private pending: string[] = [];
  private pendingLength = 0;
  bytes = 0;
  lines = 0;

  private constructor(
    readonly path: string,
    stream: WriteStream,
  ) {
    this.stream = stream;
  }

  static async open(root: string, path: string): Promise<HashedFile> {
    const full = join(root, path);
    await mkdir(dirname(full), { recursive: true });
    return new HashedFile(path, createWriteStream(full));
  }

  async write(chunk: string | Buffer): Promise<void> {
    if (typeof chunk === 'string') {
      this.pending.push(chunk);
      this.pendingLength += chunk.length;
      if (this.pendingLength >= FLUSH_AT) await this.flush();
      return;
    }
    await this.flush();
    await this.put(chunk);
  }

  async line(value: unknown): Promise<void> {
    await this.text(JSON.stringify(value));
  }

  /** One line already serialised (JSON text from the database). */
  async text(line: string): Promise<void> {
    this.lines++;
    await this.write(`${line}\n`);
  }

  async close(): Promise<{ sha256: string; bytes: number }> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
    return { sha256: this.hash.digest('hex'), bytes: this.bytes };
  }

  private async flush() {
    if (this.pending.length === 0) return;
    const buffer = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    await this.put(buffer);
  }

  private async put(buffer: Buffer) {
    this.hash.update(buffer);
    this.bytes += buffer.length;
    if (!this.stream.write(buffer)) await once(this.stream, 'drain');
  }
}
