import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, type TestClient } from '../test/client.ts';
import { signInNewMember, testAppForFile, workspaceForFile } from '../test/file-setup.ts';

const t = testAppForFile();
const ws = workspaceForFile(t, 'Acme');
let agent: TestClient;
let requester: TestClient;
let otherRequester: TestClient;
let key = '';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const upload = (client: TestClient, body: Buffer | string, type: string, query = 'filename=shot.png') =>
  client.request('POST', `/api/v1/w/${ws.slug}/tickets/${key}/attachments?${query}`, body, {
    'content-type': type,
  });
const attachmentCount = async () =>
  (
    await t.database.unsafeOwnerQuery<{ n: number }>(
      'select count(*)::int as n from ticket_attachments where workspace_id = $1',
      [ws.id],
    )
  )[0]!.n;

beforeAll(async () => {
  agent = await signInNewMember(t, ws, { party: 'internal', role: 'agent' });
  requester = await signInNewMember(t, ws, { party: null, role: 'requester' });
  otherRequester = await signInNewMember(t, ws, { party: null, role: 'requester' });
  const item = (await requester.get(`/api/v1/w/${ws.slug}/catalogue`))
    .json()
    .items.find((i: { name: string }) => i.name === 'Something is not working');
  key = (
    await requester.post(`/api/v1/w/${ws.slug}/tickets`, {
      catalogueItemId: item.id,
      subject: 'Screen flicker',
    })
  ).json().ticket.key;
});

describe('ticket attachments', () => {
  it('stores a file the requester attaches and gives it back as a download', async () => {
    const created = await upload(requester, PNG, 'image/png', 'filename=..%2F..%2Fscreen.png');
    expect(created.statusCode).toBe(201);
    expect(created.json().attachment).toMatchObject({
      filename: 'screen.png',
      contentType: 'image/png',
      sizeBytes: PNG.length,
    });
    const list = (await agent.get(`/api/v1/w/${ws.slug}/tickets/${key}/attachments`)).json().items;
    expect(list).toHaveLength(1);
    const file = await agent.get(`/api/v1/w/${ws.slug}/tickets/${key}/attachments/${list[0].id}`);
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(PNG)).toBe(true);
    expect(file.headers['content-disposition']).toContain('attachment;');
    expect(file.headers['content-security-policy']).toContain('sandbox');
  });

  it.each([
    ['HTML declared as PNG', Buffer.from('<script>alert(1)</script>'), 'image/png', 400],
    ['an HTML file', Buffer.from('<p>hi</p>'), 'text/html', 415],
    ['an SVG image', Buffer.from('<svg onload="x"/>'), 'image/svg+xml', 415],
    ['an empty file', Buffer.alloc(0), 'image/png', 400],
    ['a program', Buffer.from('MZ not really a program'), 'application/x-msdownload', 415],
    ['JSON', Buffer.from('{"a":1}'), 'application/json', 415],
  ])('refuses %s and stores nothing', async (_name, body, type, status) => {
    const before = await attachmentCount();
    const response = await upload(requester, body, type);
    expect(response.statusCode).toBe(status);
    if (status === 415) expect(errorOf(response).message).toContain(`Files of type ${type} are not accepted`);
    expect(await attachmentCount()).toBe(before);
  });

  it('refuses a file over 10 MB before reading it (413)', async () => {
    const before = await attachmentCount();
    const big = Buffer.alloc(10 * 1024 * 1024 + 1);
    PNG.copy(big);
    const response = await upload(requester, big, 'image/png');
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await attachmentCount()).toBe(before);
  });

  it('hides a file on a staff note from the requester, and every file from another requester', async () => {
    const note = await agent.post(`/api/v1/w/${ws.slug}/tickets/${key}/comments`, {
      body: 'Driver log attached',
      visibility: 'staff',
    });
    const onNote = await upload(
      agent,
      Buffer.from('driver crashed at 09:14'),
      'text/plain',
      `filename=driver.log&commentId=${note.json().comment.id}`,
    );
    expect(onNote.statusCode).toBe(201);
    const mine = (await requester.get(`/api/v1/w/${ws.slug}/tickets/${key}/attachments`)).json().items;
    expect(mine.map((a: { filename: string }) => a.filename)).not.toContain('driver.log');
    expect(
      (await requester.get(`/api/v1/w/${ws.slug}/tickets/${key}/attachments/${onNote.json().attachment.id}`))
        .statusCode,
    ).toBe(404);
    expect((await agent.get(`/api/v1/w/${ws.slug}/tickets/${key}/attachments`)).json().items).toHaveLength(2);
    expect((await otherRequester.get(`/api/v1/w/${ws.slug}/tickets/${key}/attachments`)).statusCode).toBe(
      404,
    );
    expect((await upload(otherRequester, PNG, 'image/png')).statusCode).toBe(404);
  });

  it('keeps quotes out of a download header and gives a non-ASCII file name an ASCII fallback', async () => {
    const created = await upload(
      requester,
      PNG,
      'image/png',
      `filename=${encodeURIComponent('Zoë "final".png')}`,
    );
    expect(created.statusCode).toBe(201);
    const file = await agent.get(
      `/api/v1/w/${ws.slug}/tickets/${key}/attachments/${created.json().attachment.id}`,
    );
    expect(file.headers['content-disposition']).toBe(
      `attachment; filename="Zo_ final.png"; filename*=UTF-8''${encodeURIComponent('Zoë final.png')}`,
    );
  });
});
