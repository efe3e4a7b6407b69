import { describe, expect, it } from 'vitest';
import { AppRoleError, appRoleProblem, type RoleFacts, switchToAppRole } from './app-role.ts';

const app: RoleFacts = { role: 'tandem_app', superuser: false, bypassRls: false };

describe('appRoleProblem', () => {
  it('accepts only the restricted application role', () => {
    expect(appRoleProblem(app)).toBeNull();
  });
  it.each([
    ['another role (the login role kept)', { ...app, role: 'postgres' }, /works as postgres/],
    ['a superuser application role', { ...app, superuser: true }, /superuser/],
    ['an application role with BYPASSRLS', { ...app, bypassRls: true }, /BYPASSRLS/],
    ['no answer', undefined, /did not say/],
  ])('refuses %s', (_name, facts, message) => {
    expect(appRoleProblem(facts)).toMatch(message);
  });
});

describe('switchToAppRole', () => {
  it('fails closed when SET ROLE is refused, instead of serving as the login role', async () => {
    const query = async (text: string) => {
      if (text.startsWith('SET ROLE')) throw new Error('permission denied to set role "tandem_app"');
      return [{ ...app, role: 'postgres', superuser: true }];
    };
    await expect(switchToAppRole(query)).rejects.toThrow(AppRoleError);
    await expect(switchToAppRole(query)).rejects.toThrow(/cannot switch to tandem_app: permission denied/);
  });
  it('fails closed when the switch seems to work but the role is not the application role', async () => {
    await expect(switchToAppRole(async () => [{ ...app, role: 'owner' }])).rejects.toThrow(/works as owner/);
  });
  it('passes when the connection works as tandem_app', async () => {
    await expect(switchToAppRole(async () => [app])).resolves.toBeUndefined();
  });
});
