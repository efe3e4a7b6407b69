import { expect, it } from 'vitest';
import { buildTestApp } from '../test/build-test-app.ts';
import { seedDemo } from './seed.ts';

// The living demo's story (a recurring fault that falls after its fix) is checked on the seeded desk:
// two seeds must give the same tickets, whatever order the database returns unordered rows in.
it('seeds the same desk on every run', async () => {
  const desk = async () => {
    const t = await buildTestApp();
    try {
      await seedDemo(t.database.db);
      const rows = await t.database.unsafeOwnerQuery<{ line: string }>(
        `select t.number || ' ' || t.subject || ' ' || c.name || ' ' ||
           round(extract(epoch from now() - t.created_at) / 3600) as line
         from tickets t join workspaces w on w.id = t.workspace_id
         left join catalogue_items c on c.id = t.catalogue_item_id
         where w.slug = 'acme' order by t.number`,
      );
      return rows.map((r) => r.line);
    } finally {
      await t.close();
    }
  };
  const first = await desk();
  expect(first.length).toBeGreaterThan(300);
  expect(await desk()).toEqual(first);
}, 300_000);
