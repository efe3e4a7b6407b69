import * as oidc from 'openid-client';
import type { OidcProviderConfig } from '../config.ts';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The configured providers, each discovered once (its /.well-known/openid-configuration) when
 * first used. Plain http is accepted only for a provider on this machine (tests, development).
 */
export class OidcClients {
  private readonly discovered = new Map<string, Promise<oidc.Configuration>>();

  constructor(readonly providers: readonly OidcProviderConfig[]) {}

  find(id: string): OidcProviderConfig | undefined {
    return this.providers.find((p) => p.id === id);
  }

  configuration(provider: OidcProviderConfig): Promise<oidc.Configuration> {
    let found = this.discovered.get(provider.id);
    if (!found) {
      const issuer = new URL(provider.issuer);
      const insecure = issuer.protocol === 'http:' && LOOPBACK_HOSTS.has(issuer.hostname);
      found = oidc
        .discovery(
          issuer,
          provider.clientId,
          provider.clientSecret,
          provider.clientSecret ? undefined : oidc.None(),
          insecure ? { execute: [oidc.allowInsecureRequests] } : undefined,
        )
        .catch((error: unknown) => {
          this.discovered.delete(provider.id); // try again next time
          throw error;
        });
      this.discovered.set(provider.id, found);
    }
    return found;
  }
}
