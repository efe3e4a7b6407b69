import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

describe('single sign-on providers', () => {
  const provider = {
    id: 'entra',
    name: 'Microsoft Entra ID',
    issuer: 'https://login.example/v2.0',
    clientId: 'c',
  };
  const problemsOf = (env: Record<string, string>) => {
    try {
      loadConfig(env);
    } catch (error) {
      return (error as ConfigError).problems;
    }
    return [];
  };

  it('reads them from TANDEM_OIDC_PROVIDERS, or from the file TANDEM_OIDC_PROVIDERS_FILE names', () => {
    expect(loadConfig({}).oidcProviders).toEqual([]);
    expect(loadConfig({ TANDEM_OIDC_PROVIDERS: JSON.stringify([provider]) }).oidcProviders).toEqual([
      provider,
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'tandem-oidc-'));
    const file = join(dir, 'providers.json');
    writeFileSync(file, JSON.stringify([{ ...provider, clientSecret: 's' }]));
    expect(loadConfig({ TANDEM_OIDC_PROVIDERS_FILE: file }).oidcProviders[0]!.clientSecret).toBe('s');
    const endsAtProvider = { ...provider, signOutAtProvider: true };
    expect(loadConfig({ TANDEM_OIDC_PROVIDERS: JSON.stringify([endsAtProvider]) }).oidcProviders).toEqual([
      endsAtProvider,
    ]);
  });

  it('names what is wrong: not JSON, a bad id or issuer, two providers with one id, a missing file', () => {
    expect(problemsOf({ TANDEM_OIDC_PROVIDERS: '[{' })).toEqual([
      'TANDEM_OIDC_PROVIDERS: is not JSON (an array of providers, see README)',
    ]);
    const bad = problemsOf({
      TANDEM_OIDC_PROVIDERS: JSON.stringify([{ ...provider, id: 'Entra ID', issuer: 'login' }]),
    }).join('\n');
    expect(bad).toMatch(/0\.id must be lower-case/);
    expect(bad).toMatch(/0\.issuer must be the issuer URL/);
    expect(
      problemsOf({ TANDEM_OIDC_PROVIDERS: JSON.stringify([{ ...provider, signOutAtProvider: 'yes' }]) }).join(
        '\n',
      ),
    ).toMatch(/0\.signOutAtProvider/);
    expect(problemsOf({ TANDEM_OIDC_PROVIDERS: JSON.stringify([provider, provider]) }).join('\n')).toMatch(
      /provider ids must differ/,
    );
    expect(problemsOf({ TANDEM_OIDC_PROVIDERS_FILE: '/nonexistent/providers.json' })).toEqual([
      'TANDEM_OIDC_PROVIDERS_FILE: cannot read /nonexistent/providers.json',
    ]);
  });
});
