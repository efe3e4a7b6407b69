import { describe, expect, it } from 'vitest';
import { scopeSettingsSql } from './scope.ts';

const WORKSPACE = '5b95f346-4670-4e90-81c4-1b01ca092cbf';
const ACCOUNT = '0AEEC456-9781-40FB-897B-DBFB1A21EADC';

describe('scopeSettingsSql', () => {
  it('writes the scope as UUID literals, an absent value as empty', () => {
    expect(scopeSettingsSql({ workspaceId: WORKSPACE, accountId: ACCOUNT })).toBe(
      `select set_config('app.workspace_id', '${WORKSPACE}', true), set_config('app.account_id', '${ACCOUNT.toLowerCase()}', true)`,
    );
    expect(scopeSettingsSql({ workspaceId: null, accountId: ACCOUNT })).toContain(
      "set_config('app.workspace_id', '', true)",
    );
  });

  it.each([
    ['a quote that would end the literal', `${WORKSPACE}'; reset role; --`],
    ['a backslash', `${WORKSPACE.slice(0, -1)}\\`],
    ['a UUID with a line after it', `${WORKSPACE}\n`],
    ['an empty string', ''],
  ])('refuses %s', (_name, value) => {
    expect(() => scopeSettingsSql({ workspaceId: value, accountId: ACCOUNT })).toThrow(/must be a UUID/);
    expect(() => scopeSettingsSql({ workspaceId: WORKSPACE, accountId: value })).toThrow(/must be a UUID/);
  });
});
