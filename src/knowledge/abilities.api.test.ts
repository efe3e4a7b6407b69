import { describe, expect, it } from 'vitest';
import { expectAbilityHonoured, PERSONAS, personaWorkspace } from '../test/personas.ts';

const url = (path = '') => `/api/v1/w/${area.ws.slug}/articles${path}`;
const CODE = 'ARTICLE_RIGHT_REQUIRED';

/** A public article owned by the internal party, made by the internal lead; published if asked. */
async function article(title: string, publish: boolean) {
  const lead = area.people.internalLead.client;
  const created = (
    await lead.post(url(), { type: 'how_to', title, body: 'Steps', visibility: 'public' })
  ).json().article;
  if (!publish) return created.key as string;
  const published = await lead.patch(url(`/${created.key}`), {
    version: created.version,
    status: 'published',
  });
  expect(published.statusCode, published.body).toBe(200);
  return created.key as string;
}

const area = personaWorkspace();

describe('article abilities match the API (persona × action)', () => {
  it.each(PERSONAS)('%s: edit, link, attach and history on a published article', async (persona) => {
    const { client } = area.people[persona];
    const key = await article(`Reset a password (${persona})`, true);
    const read = await client.get(url(`/${key}`));
    expect(read.statusCode, read.body).toBe(200);
    const { abilities, version } = read.json().article;
    expectAbilityHonoured(
      'viewHistory',
      abilities.viewHistory,
      await client.get(url(`/${key}/versions`)),
      CODE,
    );
    const services = (
      await area.people.internalLead.client.get(`/api/v1/w/${area.ws.slug}/responsibility/map`)
    ).json().services;
    const linked = await client.post(url(`/${key}/links`), { kind: 'service', targetId: services[0].id });
    expectAbilityHonoured('link', abilities.link, linked, CODE);
    const attached = await client.request('POST', url(`/${key}/attachments?filename=notes.txt`), 'hello', {
      'content-type': 'text/plain',
    });
    expectAbilityHonoured('attach', abilities.attach, attached, CODE);
    const edited = await client.patch(url(`/${key}`), { version, summary: 'Shorter' });
    expectAbilityHonoured('edit', abilities.edit, edited, CODE);
  });

  it.each(PERSONAS.filter((p) => p !== 'requester'))(
    '%s: publish a draft as the abilities say',
    async (persona) => {
      const { client } = area.people[persona];
      const key = await article(`Draft (${persona})`, false);
      const { abilities, version } = (await client.get(url(`/${key}`))).json().article;
      const published = await client.patch(url(`/${key}`), { version, status: 'published' });
      expectAbilityHonoured('publish', abilities.publish, published, CODE);
      expect(abilities.nextStatuses.includes('published')).toBe(abilities.publish);
    },
  );
});
