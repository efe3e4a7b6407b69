import type { TestClient } from './client.ts';

/*
 * Ids a test needs from a workspace's seeded defaults, read through the API as a member sees them.
 */

/** The catalogue item named `name` (e.g. 'Something is not working'), as `client` sees the catalogue. */
export async function catalogueItemId(
  client: TestClient,
  ws: { slug: string },
  name: string,
): Promise<string> {
  const items = (await client.get(`/api/v1/w/${ws.slug}/catalogue`)).json().items as Array<{
    id: string;
    name: string;
  }>;
  const item = items.find((i) => i.name === name);
  if (!item) throw new Error(`no catalogue item named ${name}`);
  return item.id;
}

/** The first service of the workspace's responsibility map, where any service will do. */
export async function firstServiceId(client: TestClient, ws: { slug: string }): Promise<string> {
  return (await client.get(`/api/v1/w/${ws.slug}/responsibility/map`)).json().services[0].id;
}
