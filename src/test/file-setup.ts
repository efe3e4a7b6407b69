import { afterAll, beforeAll } from 'vitest';
import type { DatabaseHandle } from '../db/client.ts';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.ts';
import { buildTestApp, type TestApp } from './build-test-app.ts';
import { buildQueuedApp, type Cast, makeCast, type QueuedApp } from './cast.ts';
import { signedIn, TestClient } from './client.ts';
import { type MemberSpec, makeMember, makeWorkspace, type TestWorkspace } from './factories.ts';
import { MailCatcher } from './mail-catcher.ts';

/*
 * What most API test files set up once for all their tests: an app, a workspace, a cast of signed-in
 * people. Each helper here returns an empty object at once and fills it in a `beforeAll`, so a file
 * names its fixtures at the top (`const t = testAppForFile()`) instead of declaring `let`s and
 * assigning them in a hook. Hooks run in the order they are registered: make the app first, then
 * what lives in it, then the file's own `beforeAll`.
 */

type AppOptions = Parameters<typeof buildTestApp>[0];

/**
 * The file's app (see buildTestApp), built before its tests and closed after them. `options` may be
 * a function when they are only known in an earlier hook (a test SMTP server's port).
 */
export function testAppForFile(options: AppOptions | (() => AppOptions) = {}): TestApp {
  const t = {} as TestApp;
  beforeAll(async () => {
    Object.assign(t, await buildTestApp(typeof options === 'function' ? options() : options));
  });
  afterAll(() => t.close?.());
  return t;
}

/**
 * The file's app sending its mail to a MailCatcher that starts before the app and stops after it
 * (`options` as for buildTestApp, but for `mail`).
 */
export function mailingAppForFile(options: Omit<AppOptions, 'mail'> = {}): {
  t: TestApp;
  catcher: MailCatcher;
} {
  const catcher = new MailCatcher();
  beforeAll(() => catcher.start());
  afterAll(() => catcher.stop());
  return { catcher, t: testAppForFile(() => ({ ...options, mail: catcher.mailOption })) };
}

/** The file's app with a job queue but no workers (see buildQueuedApp), closed after its tests. */
export function queuedAppForFile(jobOptions: Parameters<typeof buildQueuedApp>[0]): QueuedApp {
  const queued = {} as QueuedApp;
  beforeAll(async () => {
    Object.assign(queued, await buildQueuedApp(jobOptions));
  });
  afterAll(() => queued.close?.());
  return queued;
}

/**
 * The file's app with the demo workspaces seeded (seedDemo), for tests that check what the demo
 * shows. Seeding takes a while on a loaded machine, hence the long hook timeout.
 */
export function demoAppForFile(options: AppOptions = {}): TestApp {
  const t = testAppForFile(options);
  beforeAll(() => seedDemo(t.database.db), 180_000);
  return t;
}

/** A demo person (e.g. 'ian@acme.example') signed in with the demo's password. */
export function signInDemo(t: AppInFile, email: string): Promise<TestClient> {
  return new TestClient(t.app).signIn(email, DEMO_PASSWORD);
}

type AppInFile = { app: TestApp['app']; database: DatabaseHandle };

/** One workspace (see makeWorkspace) made in the file's app before its tests. */
export function workspaceForFile(t: AppInFile, name?: string): TestWorkspace {
  const ws = {} as TestWorkspace;
  beforeAll(async () => {
    Object.assign(ws, await makeWorkspace(t.database.db, name));
  });
  return ws;
}

/**
 * The cast (see makeCast: Acme with a lead and one member per party and role, and Other's lead),
 * made in the file's app before its tests. Destructure what the file uses:
 * `const { ws, other, c, ids } = castForFile(t)`.
 */
export function castForFile(t: AppInFile): Cast {
  const cast: Cast = {
    ws: {} as Cast['ws'],
    other: {} as Cast['other'],
    c: {} as Cast['c'],
    ids: {} as Cast['ids'],
    emails: {} as Cast['emails'],
  };
  beforeAll(async () => {
    const made = await makeCast(t.app, t.database.db);
    for (const part of Object.keys(cast) as Array<keyof Cast>) Object.assign(cast[part], made[part]);
  });
  return cast;
}

/** A new member of `ws` (see makeMember), signed in. */
export async function signInNewMember(
  t: AppInFile,
  ws: TestWorkspace,
  spec: MemberSpec,
): Promise<TestClient> {
  return signedIn(t.app, (await makeMember(t.database.db, ws, spec)).email);
}

/**
 * The internal lead of a new workspace 'Other', signed in: someone with every right there and none
 * in the file's workspace (unlike makeWorkspace's own lead, not an administrator).
 */
export async function signInOutsider(t: AppInFile): Promise<TestClient> {
  return signInNewMember(t, await makeWorkspace(t.database.db, 'Other'), { party: 'internal', role: 'lead' });
}
