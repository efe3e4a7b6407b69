import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace } from '../test/factories.ts';
import { createTestDatabase } from '../test/test-database.ts';
import { type DatabaseHandle, selectRows } from './client.ts';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const rows = <T>(query: ReturnType<typeof sql>) => selectRows<T>(database.db, query);

describe('the SECURITY DEFINER functions (migration 0023)', () => {
  it('all belong to tandem_definer and fix their search_path', async () => {
    const functions = await rows<{ name: string; owner: string; config: string[] | null }>(
      sql`select p.proname as name, pg_get_userbyid(p.proowner) as owner, p.proconfig as config
          from pg_proc p join pg_namespace n on n.oid = p.pronamespace
          where n.nspname = 'public' and p.prosecdef order by 1`,
    );
    expect(functions.map((f) => f.name)).toEqual([
      'tandem_account_mfa_memberships',
      'tandem_alert_integration_workspace',
      'tandem_api_token_actor',
      'tandem_audit_events_page',
      'tandem_change_feed_workspace',
      'tandem_due_sla_clocks',
      'tandem_has_other_membership',
      'tandem_invitation_workspace',
      'tandem_lapsed_risk_acceptances',
      'tandem_mail_channel_for_address',
      'tandem_mail_imap_channels',
      'tandem_sso_domain_workspaces',
      'tandem_sso_pending_invitation_workspaces',
      'tandem_workspace_actor',
      'tandem_workspace_ids',
      'tandem_workspace_slug_taken',
      'tandem_workspaces_with_active_obligations',
      'tandem_workspaces_with_due_occurrences',
      'tandem_workspaces_with_due_reviews',
      'tandem_workspaces_with_due_risk_reviews',
    ]);
    for (const f of functions) {
      expect(f.owner, f.name).toBe('tandem_definer');
      expect(f.config, f.name).toEqual(['search_path=public']);
    }
  });

  it('tandem_definer may only read: no write privilege on any table, no login, no exemption from RLS', async () => {
    const writable = await rows<{ table: string }>(
      sql`select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
          where n.nspname = 'public' and c.relkind = 'r'
            and (has_table_privilege('tandem_definer', c.oid, 'INSERT')
              or has_table_privilege('tandem_definer', c.oid, 'UPDATE')
              or has_table_privilege('tandem_definer', c.oid, 'DELETE'))`,
    );
    expect(writable).toEqual([]);
    const [role] = await rows<{ rolcanlogin: boolean; rolsuper: boolean; rolbypassrls: boolean }>(
      sql`select rolcanlogin, rolsuper, rolbypassrls from pg_roles where rolname = 'tandem_definer'`,
    );
    expect(role).toEqual({ rolcanlogin: false, rolsuper: false, rolbypassrls: false });
  });

  it('lets the application role learn every workspace id for the nightly job, and nothing else of them', async () => {
    const a = await makeWorkspace(database.db, 'Definer A');
    const b = await makeWorkspace(database.db, 'Definer B');
    // Without a scope, row-level security shows the application role no workspace at all…
    expect(await rows(sql`select id from workspaces where id in (${a.id}, ${b.id})`)).toEqual([]);
    // …while the function answers their ids (whatever the owner: it runs as tandem_definer).
    const ids = (await rows<{ id: string }>(sql`select id from tandem_workspace_ids()`)).map((r) => r.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  it('refuses the application role the audit chain reader (owner only, for `tandem audit verify`)', async () => {
    const refused = await database.db.execute(sql`select * from tandem_audit_events_page(null, 0, 1)`).then(
      () => 'allowed',
      (error: Error) => `${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`,
    );
    expect(refused).toMatch(/permission denied for function tandem_audit_events_page/);
    const page = await database.ownerQuery('select * from tandem_audit_events_page(null, 0, 5)');
    expect(page.length).toBeGreaterThan(0);
  });
});
