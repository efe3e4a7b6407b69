import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { currentTotpCode } from '../accounts/totp.ts';
import { TEST_PASSWORD } from './factories.ts';

type Body = InjectOptions['payload'];

/** A signed-in browser-like client: keeps the session cookie and sends the CSRF header. */
export class TestClient {
  cookie: string | null = null;
  csrfToken: string | null = null;
  totpSecret: string | null = null;
  ip = '10.0.0.1';

  constructor(readonly app: FastifyInstance) {}

  request(
    method: InjectOptions['method'],
    url: string,
    payload?: Body,
    headers: Record<string, string> = {},
  ) {
    return this.app.inject({
      method,
      url,
      payload,
      remoteAddress: this.ip,
      headers: {
        ...(this.cookie && { cookie: this.cookie }),
        ...(this.csrfToken && method !== 'GET' && { 'x-csrf-token': this.csrfToken }),
        ...headers,
      },
    });
  }
  get = (url: string, headers?: Record<string, string>) => this.request('GET', url, undefined, headers);
  post = (url: string, payload?: Body, headers?: Record<string, string>) =>
    this.request('POST', url, payload ?? {}, headers);
  patch = (url: string, payload?: Body, headers?: Record<string, string>) =>
    this.request('PATCH', url, payload, headers);
  put = (url: string, payload?: Body, headers?: Record<string, string>) =>
    this.request('PUT', url, payload ?? {}, headers);
  delete = (url: string, headers?: Record<string, string>) => this.request('DELETE', url, undefined, headers);

  /** Takes the session cookie from a login-like response. */
  adopt(response: LightMyRequestResponse) {
    const setCookie = response.cookies.find((c) => c.name === 'tandem_session');
    if (setCookie) this.cookie = `tandem_session=${setCookie.value}`;
    const body = response.json() as { csrfToken?: string };
    if (body.csrfToken) this.csrfToken = body.csrfToken;
    return response;
  }

  async login(email: string, password = TEST_PASSWORD) {
    return this.adopt(await this.post('/api/v1/auth/login', { email, password }));
  }

  /** Signs in and completes whatever MFA step the account needs. */
  async signIn(email: string, password = TEST_PASSWORD) {
    const response = await this.login(email, password);
    if (response.statusCode !== 200)
      throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
    const state = (response.json() as { session: { mfaState: string } }).session.mfaState;
    if (state === 'enrolment_required') {
      const start = await this.post('/api/v1/auth/mfa/enrolment');
      this.totpSecret = (start.json() as { secret: string }).secret;
      const confirm = await this.post('/api/v1/auth/mfa/enrolment/confirm', {
        code: currentTotpCode(this.totpSecret),
      });
      if (confirm.statusCode !== 200) throw new Error(`MFA enrolment failed: ${confirm.body}`);
    } else if (state === 'pending') {
      if (!this.totpSecret) throw new Error('account has MFA but this client does not know its secret');
      // A code already used in this 30 s step is refused as a replay; use the next step's code.
      const verify = await this.post('/api/v1/auth/mfa/verify', {
        code: currentTotpCode(this.totpSecret, Date.now() + 30_000),
      });
      if (verify.statusCode !== 200) throw new Error(`MFA verification failed: ${verify.body}`);
    }
    return this;
  }
}

export async function signedIn(app: FastifyInstance, email: string) {
  return new TestClient(app).signIn(email);
}

export const errorOf = (response: LightMyRequestResponse) =>
  (response.json() as { error: { code: string; message: string; details?: unknown } }).error;
