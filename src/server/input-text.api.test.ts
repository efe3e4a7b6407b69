import { beforeAll, describe, expect, it } from 'vitest';
import { errorOf, signedIn, type TestClient } from '../test/client.ts';
import { testAppForFile, workspaceForFile } from '../test/file-setup.ts';
import { auditCount, ownerQuery } from '../test/tenancy-helpers.ts';
import { firstServiceId } from '../test/workspace-lookups.ts';

// Defect 1 of issue #10: NUL, invalid UTF-8 and lone surrogates are refused at the edge (400
// INVALID_TEXT naming where), by one mechanism, and nothing is written.

const t = testAppForFile();
const ws = workspaceForFile(t, 'Text Co');
let lead: TestClient;
let ticketKey: string;
let decisionTypeKey: string;
let serviceId: string;

const base = () => `/api/v1/w/${ws.slug}`;
const rowCounts = async () => {
  const [row] = await ownerQuery<Record<string, number>>(
    t,
    `select (select count(*)::int from tickets) as tickets,
            (select count(*)::int from ticket_comments) as comments,
            (select count(*)::int from articles) as articles,
            (select count(*)::int from problems) as problems,
            (select count(*)::int from decisions) as decisions,
            (select count(*)::int from backlog_items) as backlog`,
  );
  return { ...row, audit: await auditCount(t) };
};

beforeAll(async () => {
  lead = await signedIn(t.app, ws.lead.email);
  serviceId = await firstServiceId(lead, ws);
  const created = await lead.post(`${base()}/tickets`, { serviceId, subject: 'Printer jams' });
  expect(created.statusCode).toBe(201);
  ticketKey = created.json().ticket.key;
  decisionTypeKey = (await lead.get(`${base()}/decision-types`)).json().items[0].key;
});

/** Sends a request and expects the INVALID_TEXT refusal naming `where`, with nothing written. */
async function expectRefused(send: () => Promise<{ statusCode: number; body: string }>, where: string) {
  const before = await rowCounts();
  const response = await send();
  expect(response.statusCode, response.body).toBe(400);
  const error = errorOf(response as Parameters<typeof errorOf>[0]);
  expect(error.code).toBe('INVALID_TEXT');
  expect(error.message).toContain(where);
  expect(error.details).toEqual([expect.objectContaining({ path: where })]);
  expect(await rowCounts()).toEqual(before);
}

/** A JSON body sent byte for byte, as a client with broken encoding would. */
const sendRaw = (url: string, raw: string | Buffer) =>
  lead.request('POST', url, raw, { 'content-type': 'application/json' });

describe('a NUL character is refused on every kind of endpoint', () => {
  const cases: Array<[string, () => Promise<{ statusCode: number; body: string }>, string]> = [
    ['ticket search', () => lead.get(`${base()}/tickets/search?q=%00`), 'querystring.q'],
    ['article search', () => lead.get(`${base()}/articles/search?q=vpn%00`), 'querystring.q'],
    ['problem list filter', () => lead.get(`${base()}/problems?q=a%00b`), 'querystring.q'],
    ['decision log search', () => lead.get(`${base()}/decisions?q=%00`), 'querystring.q'],
    [
      'ticket subject',
      () => lead.post(`${base()}/tickets`, { serviceId, subject: 'Print\u0000er' }),
      'body.subject',
    ],
    [
      'ticket comment',
      () => lead.post(`${base()}/tickets/${ticketKey}/comments`, { body: 'Done\u0000' }),
      'body.body',
    ],
    [
      'ticket category',
      () => lead.patch(`${base()}/tickets/${ticketKey}`, { version: 1, category: '\u0000' }),
      'body.category',
    ],
    [
      'article title',
      () => lead.post(`${base()}/articles`, { type: 'how_to', title: 'Reset\u0000 VPN' }),
      'body.title',
    ],
    ['problem title', () => lead.post(`${base()}/problems`, { title: 'Jams\u0000' }), 'body.title'],
    [
      'decision option label (nested)',
      () =>
        lead.post(`${base()}/decisions`, {
          typeKey: decisionTypeKey,
          title: 'Pick a printer',
          options: [{ label: 'HP\u0000' }],
        }),
      'body.options.0.label',
    ],
    ['backlog title', () => lead.post(`${base()}/backlog`, { title: 'Fix\u0000 it' }), 'body.title'],
    [
      'an object key',
      () => lead.post(`${base()}/tickets`, { serviceId, subject: 'Keys', fieldValues: { 'a\u0000': 'x' } }),
      'body.fieldValues',
    ],
    ['a path parameter', () => lead.get(`/api/v1/w/${ws.slug}%00/tickets`), 'params.workspace'],
  ];
  it.each(cases)('%s', async (_name, send, where) => {
    await expectRefused(send, where);
  });
});

describe('invalid UTF-8 and lone surrogates are refused, never stored as replacement characters', () => {
  it('invalid UTF-8 bytes in a JSON body', async () => {
    const bytes = Buffer.concat([
      Buffer.from(`{"serviceId":"${serviceId}","subject":"caf`),
      Buffer.from([0xc3, 0x28]), // a broken two-byte sequence
      Buffer.from('"}'),
    ]);
    await expectRefused(() => sendRaw(`${base()}/tickets`, bytes), 'body');
  });

  it('a lone surrogate written as a JSON escape', async () => {
    await expectRefused(
      () => sendRaw(`${base()}/tickets`, `{"serviceId":"${serviceId}","subject":"half \\ud800 a pair"}`),
      'body.subject',
    );
  });

  it('invalid UTF-8 percent-encoded in a query string', async () => {
    await expectRefused(() => lead.get(`${base()}/tickets/search?q=caf%C3%28`), 'querystring.q');
    await expectRefused(() => lead.get(`${base()}/tickets/search?q=%FF`), 'querystring.q');
  });

  it('invalid UTF-8 in a path parameter', async () => {
    await expectRefused(() => lead.get(`/api/v1/w/${ws.slug}%FF/tickets`), 'path');
    await expectRefused(() => lead.get(`${base()}/articles/KB-1%ED%A0%80`), 'path');
  });

  it('an encoded surrogate (CESU-style) in a query string', async () => {
    await expectRefused(() => lead.get(`${base()}/tickets/search?q=%ED%A0%80`), 'querystring.q');
  });

  it('still accepts ordinary non-ASCII text, emoji included', async () => {
    const created = await lead.post(`${base()}/tickets`, { serviceId, subject: 'Café printer 🖨️ ß' });
    expect(created.statusCode).toBe(201);
    expect(created.json().ticket.subject).toBe('Café printer 🖨️ ß');
    const found = await lead.get(`${base()}/tickets/search?q=${encodeURIComponent('Café')}`);
    expect(found.statusCode).toBe(200);
  });
});
