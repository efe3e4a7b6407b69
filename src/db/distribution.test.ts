import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace } from '../test/factories.ts';
import { createTestDatabase } from '../test/test-database.ts';
import type { DatabaseHandle } from './client.ts';
import { distributionViolations, REFERENCE_TABLES } from './distribution.ts';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const catalog = <T>(text: string) => database.unsafeOwnerQuery<T>(text);

describe('the schema distributes by workspace (Citus-ready, docs/scaling.md)', () => {
  it('puts workspace_id in every primary key, unique constraint and foreign key between workspace tables', async () => {
    const problems = await distributionViolations(catalog);
    // One line per offending table and constraint, so the failure says what to change.
    expect(problems, `\n${problems.join('\n')}\n`).toEqual([]);
  });

  it('names the offending table and constraint when a table breaks the rules', async () => {
    await database.unsafeOwnerQuery(
      'create table zz_bad_parent (id uuid primary key, workspace_id uuid not null references workspaces(id))',
    );
    await database.unsafeOwnerQuery(
      `create table zz_bad_child (id uuid primary key, workspace_id uuid not null,
         parent_id uuid references zz_bad_parent(id), code text, unique (code))`,
    );
    await database.unsafeOwnerQuery('create table zz_global (id uuid primary key)');
    try {
      const problems = await distributionViolations(catalog);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^zz_bad_parent: primary key zz_bad_parent_pkey lacks workspace_id/),
          expect.stringMatching(/^zz_bad_child: unique constraint zz_bad_child_code_key lacks workspace_id/),
          expect.stringMatching(
            /^zz_bad_child: foreign key zz_bad_child_parent_id_fkey to zz_bad_parent lacks workspace_id/,
          ),
          expect.stringMatching(/^zz_global: has no workspace_id column and is not a reference table/),
        ]),
      );
    } finally {
      for (const table of ['zz_bad_child', 'zz_bad_parent', 'zz_global']) {
        await database.unsafeOwnerQuery(`drop table ${table}`);
      }
    }
  });

  it('lists only global tables as reference tables', () => {
    expect(Object.keys(REFERENCE_TABLES)).toEqual(
      expect.arrayContaining(['accounts', 'sessions', 'instance_settings']),
    );
  });

  it('refuses a row that points into another workspace', async () => {
    const a = await makeWorkspace(database.db, 'Dist A');
    const b = await makeWorkspace(database.db, 'Dist B');
    const serviceOf = async (workspaceId: string) =>
      (
        await database.unsafeOwnerQuery<{ id: string }>(
          `select id from services where workspace_id = '${workspaceId}' order by key limit 1`,
        )
      )[0]!.id;
    const addItem = (workspaceId: string, serviceId: string) =>
      database.unsafeOwnerQuery(
        `insert into catalogue_items (workspace_id, service_id, kind, name)
         values ('${workspaceId}', '${serviceId}', 'request', 'Distribution check')`,
      );
    // Its own workspace's service: accepted.
    await addItem(b.id, await serviceOf(b.id));
    // Workspace A's service from workspace B: the composite foreign key refuses it, whoever asks.
    await expect(addItem(b.id, await serviceOf(a.id))).rejects.toThrow(
      /catalogue_items_workspace_id_service_id_services_workspace_id_id_fk|foreign key/,
    );
  });
});
