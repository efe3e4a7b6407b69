import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

/** Who signs in at the provider next (tests set it before each flow). */
export type ProviderPerson = { sub: string; email: string; emailVerified: boolean; amr: string[] };

type Jar = Map<string, string>;

/**
 * A real OpenID Connect provider (oidc-provider) on a loopback port for tests. Its login and
 * consent screens are replaced by one step that signs in `nextPerson` at once, with their `amr`.
 * `redirectUris` are Tandem's callbacks (one per provider entry using this issuer); its sign-out
 * (RP-initiated logout) sends the browser back only to `postLogoutRedirectUris`.
 */
export async function startTestIdentityProvider(
  redirectUris: string | string[],
  postLogoutRedirectUris: string[] = [],
) {
  const callbacks = typeof redirectUris === 'string' ? [redirectUris] : redirectUris;
  const people = new Map<string, ProviderPerson>();
  let nextPerson: ProviderPerson | null = null;
  let provider!: Provider;
  const server: Server = createServer(async (req, res) => {
    const match = req.url?.match(/^\/interaction\/([^/?]+)/);
    if (!match) return provider.callback()(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      const person = nextPerson!;
      people.set(person.sub, person);
      const grant = new provider.Grant({ accountId: person.sub, clientId: String(details.params.client_id) });
      grant.addOIDCScope('openid email profile');
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: person.sub, amr: person.amr }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'tandem',
        client_secret: 'tandem-test-secret',
        redirect_uris: callbacks,
        post_logout_redirect_uris: postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'], profile: ['name'] },
    scopes: ['openid', 'email', 'profile'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const person = people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({ sub, email: person.email, email_verified: person.emailVerified, name: sub }),
      };
    },
  });
  // Quiet: the library logs each refused request through its own events.
  provider.on('server_error', () => {});

  /** Follows the provider's redirects (keeping its cookies) until it sends the browser back to us. */
  async function authorize(authorizationUrl: string, person: ProviderPerson): Promise<URL> {
    nextPerson = person;
    const jar: Jar = new Map();
    let url = authorizationUrl;
    for (let hop = 0; hop < 10; hop += 1) {
      const response = await fetch(url, {
        redirect: 'manual',
        headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      for (const line of response.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const at = pair!.indexOf('=');
        jar.set(pair!.slice(0, at), pair!.slice(at + 1));
      }
      const location = response.headers.get('location');
      if (!location)
        throw new Error(`the provider stopped at ${url}: ${response.status} ${await response.text()}`);
      const next = new URL(location, url);
      if (callbacks.some((callback) => next.href.startsWith(callback))) return next;
      url = next.href;
    }
    throw new Error('too many redirects at the provider');
  }

  return {
    issuer,
    authorize,
    /** Who a browser driven through the provider signs in as. */
    signInAs: (person: ProviderPerson) => {
      nextPerson = person;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
