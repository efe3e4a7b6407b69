import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { makeMember } from '../test/factories.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { auditCount } from '../test/tenancy-helpers.ts';

// A route that declares no body (an action on a record, a delete) refuses one with something in it,
// naming what it held, and writes nothing: bad input is never silently ignored.

const t = testAppForFile();
const ws = workspaceForFile(t, 'Body Co');
let lead: TestClient;
let member: { membershipId: string };
const base = () => `/api/v1/w/${ws.slug}`;

beforeAll(async () => {
  lead = await signedIn(t.app, ws.lead.email);
  member = await makeMember(t.database.db, ws, { role: 'requester', party: null });
});

describe('a body sent to a route that takes none', () => {
  it('is refused with 400 naming each field, and nothing is written', async () => {
    const before = await auditCount(t, ws.id);
    const refused = await lead.post(`${base()}/members/${member.membershipId}/deactivate`, {
      reason: 'left',
      notify: true,
    });
    expect(refused.statusCode).toBe(400);
    expect(errorOf(refused)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ path: 'body.reason' }, { path: 'body.notify' }],
    });
    const members = (await lead.get(`${base()}/members`)).json().items as Array<{
      id: string;
      status: string;
    }>;
    expect(members.find((m) => m.id === member.membershipId)?.status).toBe('active');
    expect(await auditCount(t, ws.id)).toBe(before);
  });

  it('an array or a body on a DELETE is refused too', async () => {
    const array = await lead.post(`${base()}/recurrence/runs`, [1, 2]);
    expect(array.statusCode).toBe(400);
    expect(errorOf(array).details).toEqual([{ path: 'body', message: 'this request takes no body' }]);
    const remove = await lead.request('DELETE', `${base()}/views/00000000-0000-4000-8000-000000000000`, {
      everything: true,
    });
    expect(remove.statusCode).toBe(400);
    expect(errorOf(remove)).toMatchObject({ details: [{ path: 'body.everything' }] });
  });

  it('no body, or an empty object, is taken as before', async () => {
    expect((await lead.post(`${base()}/recurrence/runs`)).statusCode).toBe(202);
    expect((await lead.request('POST', `${base()}/recurrence/runs`)).statusCode).toBe(202);
  });
});
