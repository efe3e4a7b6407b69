import { beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../test/client.ts';
import { demoAppForFile, signInDemo } from '../test/file-setup.ts';

// Issue #17, rough edge 10, on the demo's own knowledge base: Rob's VPN request was offered the
// guest Wi-Fi and new-laptop articles (any one shared word, or only the catalogue item's blurb,
// was enough), and "printer" found nothing in the catalogue nor in the knowledge base.
const t = demoAppForFile();
let rob: TestClient;
let ian: TestClient;
const url = (path: string) => `/api/v1/w/acme${path}`;
type Suggestion = { key: string; title: string };

beforeAll(async () => {
  rob = await signInDemo(t, 'rob@acme.example');
  ian = await signInDemo(t, 'ian@acme.example');
});

async function raise(subject: string, description: string, itemName: string) {
  const items = (await rob.get(url('/catalogue'))).json().items as { id: string; name: string }[];
  const item = items.find((i) => i.name === itemName)!;
  const created = await rob.post(url('/tickets'), { catalogueItemId: item.id, subject, description });
  expect(created.statusCode, created.body).toBe(201);
  return created.json().ticket.key as string;
}

const titles = async (client: TestClient, key: string) =>
  ((await client.get(url(`/articles/suggestions?ticket=${key}`))).json().items as Suggestion[]).map(
    (s) => s.title,
  );

describe('knowledge suggestions on a request are on topic', () => {
  it('offers the VPN article for a VPN request, and never guest Wi-Fi or a new laptop', async () => {
    const key = await raise(
      'VPN disconnects every hour',
      'When I work from home the VPN drops and I have to sign in again.',
      'Wi-Fi or internet problem',
    );
    const forStaff = await titles(ian, key);
    expect(forStaff[0]).toBe('Install the VPN client');
    const forRob = await titles(rob, key);
    for (const list of [forStaff, forRob]) {
      expect(list).not.toContain('Connect to the guest wifi');
      expect(list).not.toContain('Request a new laptop');
    }
  });

  it('offers nothing rather than an article sharing only a common word', async () => {
    const key = await raise('Need a hand with something', 'Please call me back.', 'Ask a question');
    expect(await titles(ian, key)).toEqual([]);
  });

  it('still offers the matching article first for a request that names its subject', async () => {
    const key = await raise(
      'Lost my phone, need MFA on a new phone',
      'I have a new phone and cannot approve sign-ins.',
      'Reset my password or MFA',
    );
    expect((await titles(ian, key))[0]).toBe('Set up MFA on a new phone');
  });
});

describe('searching for "printer"', () => {
  it('finds a catalogue item that mentions printers', async () => {
    const items = (await rob.get(url('/catalogue'))).json().items as { name: string; description: string }[];
    expect(items.filter((i) => `${i.name} ${i.description}`.toLowerCase().includes('printer'))).not.toEqual(
      [],
    );
  });

  it('finds the printing article in the knowledge base, misspelt too (a title with a similar word)', async () => {
    for (const q of ['printer', 'printr']) {
      const hits = (await rob.get(url(`/articles/search?q=${q}`))).json().items as Suggestion[];
      expect(hits.map((h) => h.title)).toContain('Print from your own phone');
    }
  });
});
