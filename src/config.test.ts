import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('gives working defaults on an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      databaseUrl: undefined,
      demo: true,
    });
    expect(config.publicUrl).toBe('http://localhost:3000');
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        TANDEM_PUBLIC_URL: 'not a url',
        TANDEM_SECRET_KEY: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'TANDEM_PUBLIC_URL', 'TANDEM_SECRET_KEY'])
      expect(problems).toContain(name);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' }).databaseUrl).toBeUndefined();
  });

  it('turns the demo off in production unless asked for', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demo).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', TANDEM_DEMO: 'true' }).demo).toBe(true);
  });

  it('drops a trailing slash from the public URL', () => {
    expect(loadConfig({ TANDEM_PUBLIC_URL: 'https://it.example.org/' }).publicUrl).toBe(
      'https://it.example.org',
    );
  });

  it('reads the webhook allow list and names a bad entry', () => {
    const { webhookAllowList } = loadConfig({ TANDEM_WEBHOOK_ALLOW_HOSTS: 'hooks.internal, 10.1.2.3' });
    expect([...webhookAllowList.names]).toEqual(['hooks.internal']);
    expect(webhookAllowList.ranges).toHaveLength(1);
    expect(loadConfig({}).webhookAllowList.names.size).toBe(0);
    expect(() => loadConfig({ TANDEM_WEBHOOK_ALLOW_HOSTS: 'ok.internal,not a host' })).toThrow(
      /TANDEM_WEBHOOK_ALLOW_HOSTS: "not a host" is neither a host name nor an IP address/,
    );
  });
});
