import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo } from '../demo/seed.ts';
import { errorOf, TestClient } from '../test/client.ts';
import { testAppForFile } from '../test/file-setup.ts';
import { startExitWorker } from './runs.ts';

const t = testAppForFile({ jobs: {} });
const clients: Record<string, TestClient> = {};

beforeAll(async () => {
  await startExitWorker(t.app.jobs!, t.database.db);
  await seedDemo(t.database.db);
  for (const name of ['alice', 'ian', 'nora', 'ed', 'rob', 'ben']) {
    const domain = ['nora', 'ed'].includes(name) ? 'northwind' : name === 'ben' ? 'bramble' : 'acme';
    clients[name] = await new TestClient(t.app).signIn(`${name}@${domain}.example`, DEMO_PASSWORD);
  }
}, 180_000);

async function waitFor(runId: string, statuses: string[]) {
  for (let i = 0; i < 240; i++) {
    const response = await clients.alice!.get('/api/v1/w/acme/exit');
    // The plan must answer while a run works beside it: a refusal here is a finding, so say what it was.
    expect(response.statusCode, `GET /exit during run ${runId}: ${response.body}`).toBe(200);
    const plan = response.json().plan;
    const run = plan.runs.find((r: { id: string }) => r.id === runId);
    if (statuses.includes(run.status)) return { run, plan };
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`run ${runId} never reached ${statuses.join('/')}`);
}

/** Tar headers are 512-byte blocks: the first entry's name and body are enough to read the manifest. */
function firstEntry(tarball: Buffer): { name: string; body: string } {
  const name = tarball.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
  const size = Number.parseInt(tarball.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim(), 8);
  return { name, body: tarball.subarray(512, 512 + size).toString('utf8') };
}

describe('who may do what (person × action)', () => {
  const matrix: [string, string, string, number][] = [
    ['alice', 'GET', '/api/v1/w/acme/exit', 200],
    ['ian', 'GET', '/api/v1/w/acme/exit', 200],
    ['nora', 'GET', '/api/v1/w/acme/exit', 403],
    ['ed', 'GET', '/api/v1/w/acme/exit', 403],
    ['rob', 'GET', '/api/v1/w/acme/exit', 403],
    ['ben', 'GET', '/api/v1/w/acme/exit', 404],
    ['ian', 'POST', '/api/v1/w/acme/exit/exports', 403],
    ['nora', 'POST', '/api/v1/w/acme/exit/exports', 403],
    ['ed', 'POST', '/api/v1/w/acme/exit/exports', 403],
    ['rob', 'POST', '/api/v1/w/acme/exit/exports', 403],
    ['ben', 'POST', '/api/v1/w/acme/exit/exports', 404],
    ['ian', 'POST', '/api/v1/w/acme/exit/verifications', 403],
    ['nora', 'POST', '/api/v1/w/acme/exit/verifications', 403],
  ];
  it.each(matrix)('%s %s %s → %i', async (who, method, url, status) => {
    const response = await clients[who]!.request(method as 'GET', url, method === 'POST' ? {} : undefined);
    expect(response.statusCode).toBe(status);
    if (status === 403) {
      expect(errorOf(response).code).toBe('EXIT_RIGHT_REQUIRED');
      expect(errorOf(response).message).toContain(
        method === 'GET' ? "internal party's staff" : 'internal IT lead',
      );
    }
  });

  it('refuses a body with fields (the actions take none), naming the field, and queues nothing', async () => {
    const before = (await clients.alice!.get('/api/v1/w/acme/exit')).json().plan.runs.length;
    for (const path of ['exports', 'verifications']) {
      const response = await clients.alice!.post(`/api/v1/w/acme/exit/${path}`, { kind: 'full' });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).code).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(errorOf(response))).toContain('kind');
    }
    expect((await clients.alice!.get('/api/v1/w/acme/exit')).json().plan.runs).toHaveLength(before);
  });

  it('the page hides what the server would refuse', async () => {
    const ian = (await clients.ian!.get('/api/v1/w/acme/exit')).json().plan;
    expect(ian.abilities).toEqual({ export: false, verify: false, download: false });
    const alice = (await clients.alice!.get('/api/v1/w/acme/exit')).json().plan;
    expect(alice.abilities).toEqual({ export: true, verify: true, download: true });
    expect(alice.offboardingClause.recorded).toBe(false);
    expect(alice.checklist.map((c: { key: string }) => c.key)).toEqual([
      'documentation',
      'runbooks',
      'privileged_access',
      'open_work',
      'verified_export',
    ]);
    const item = (key: string) => alice.checklist.find((c: { key: string }) => c.key === key);
    // Built from the demo's records, each line linking to them.
    expect(item('documentation')).toMatchObject({
      state: 'todo',
      summary: expect.stringMatching(/^\d+ article\(s\) are still owned by the provider/),
    });
    expect(item('documentation').records[0].link).toMatch(/^\/w\/acme\/knowledge\/KB-\d+$/);
    expect(item('runbooks').state).toBe('todo');
    expect(item('runbooks').records.map((r: { label: string }) => r.label)).toContain('Payroll');
    // The demo's register: Northwind's people still hold privileged accounts at Acme.
    expect(item('privileged_access')).toMatchObject({
      state: 'todo',
      summary: expect.stringMatching(/^\d+ privileged account\(s\) are still held/),
    });
    const held = Number.parseInt(item('privileged_access').summary, 10);
    expect(item('privileged_access').records).toHaveLength(Math.min(held, 10));
    expect(item('privileged_access').records[0]).toMatchObject({
      label: expect.stringMatching(/^\S.* on \S.* \(.+\)$/),
      link: '/w/acme/access',
    });
    expect(item('verified_export').records).toEqual([]);
    expect(item('open_work').records[0].link).toMatch(/^\/w\/acme\/tickets\/ACME-\d+$/);
    expect(item('open_work').summary).toMatch(/^Assigned to the provider: \d+ open ticket\(s\)/);
  });
});

describe('the internal lead prepares an archive and verifies the exit plan', () => {
  it('prepares the export as a job, with progress, and offers it for download', async () => {
    const started = await clients.alice!.post('/api/v1/w/acme/exit/exports');
    expect(started.statusCode).toBe(202);
    const { run } = started.json();
    expect(run).toMatchObject({ kind: 'export', status: 'queued', downloadUrl: null });
    const again = await clients.alice!.post('/api/v1/w/acme/exit/exports');
    expect([202, 409]).toContain(again.statusCode);
    const { run: ready } = await waitFor(run.id, ['ready', 'failed']);
    expect(ready.status).toBe('ready');
    expect(ready.progress.done).toBe(ready.progress.total);
    expect(ready.progress.total).toBeGreaterThan(100);
    expect(ready.downloadUrl).toBe(`/api/v1/w/acme/exit/exports/${run.id}/archive`);

    expect((await clients.ian!.get(ready.downloadUrl)).statusCode).toBe(403);
    expect((await clients.ben!.get(ready.downloadUrl)).statusCode).toBe(404);
    const download = await clients.alice!.get(ready.downloadUrl);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-disposition']).toMatch(/attachment; filename="acme-export-/);
    expect(download.rawPayload.length).toBe(ready.archiveBytes);
    const manifest = JSON.parse(firstEntry(gunzipSync(download.rawPayload)).body);
    expect(manifest).toMatchObject({ format: 'tandem-workspace-export', workspace: { slug: 'acme' } });

    const unknown = await clients.alice!.get(
      '/api/v1/w/acme/exit/exports/00000000-0000-4000-8000-000000000000/archive',
    );
    expect(unknown.statusCode).toBe(404);
    const audit = (await clients.alice!.get('/api/v1/w/acme/audit?action=exit.export-downloaded')).json();
    expect(JSON.stringify(audit)).toContain('exit.export-downloaded');
  }, 120_000);

  it('verifies: the result is recorded and shown, and the checklist counts it', async () => {
    const before = (await clients.alice!.get('/api/v1/w/acme/exit')).json().plan;
    expect(before.lastVerifiedExport).toBeNull();
    expect(before.checklist.find((c: { key: string }) => c.key === 'verified_export').state).toBe('todo');
    const started = await clients.alice!.post('/api/v1/w/acme/exit/verifications');
    expect(started.statusCode).toBe(202);
    const busy = await clients.alice!.post('/api/v1/w/acme/exit/verifications');
    expect(busy.statusCode).toBe(409);
    expect(errorOf(busy).code).toBe('EXIT_RUN_IN_PROGRESS');
    const { run, plan } = await waitFor(started.json().run.id, ['passed', 'failed']);
    expect(run.detail).toBeNull();
    expect(run.status).toBe('passed');
    expect(plan.lastVerifiedExport.id).toBe(run.id);
    expect(plan.checklist.find((c: { key: string }) => c.key === 'verified_export')).toMatchObject({
      state: 'done',
      records: [{ label: 'The verification runs', link: '/w/acme/exit#exit-exports' }],
    });
  }, 180_000);
});
