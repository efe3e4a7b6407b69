export const APP_ROLE = 'tandem_app';

/** What a connection reports about the role it works as. */
export type RoleFacts = { role: string; superuser: boolean; bypassRls: boolean };

export const ROLE_FACTS_QUERY =
  'select current_user as role, r.rolsuper as superuser, r.rolbypassrls as "bypassRls" from pg_roles r where r.rolname = current_user';

/**
 * Why a connection must not serve the application, or null when it may. Row-level security is
 * the second line of tenant isolation; it only binds a role that is neither a superuser nor
 * BYPASSRLS, so anything but the restricted application role fails closed.
 */
export function appRoleProblem(facts: RoleFacts | undefined): string | null {
  if (!facts) return 'the database did not say which role the connection works as';
  if (facts.role !== APP_ROLE) return `the connection works as ${facts.role}, not ${APP_ROLE}`;
  if (facts.superuser) return `${APP_ROLE} is a superuser, so row-level security would not apply`;
  if (facts.bypassRls) return `${APP_ROLE} has BYPASSRLS, so row-level security would not apply`;
  return null;
}

/** Switches a fresh connection to the application role and checks it; throws (fails closed) otherwise. */
export async function switchToAppRole(query: (text: string) => Promise<RoleFacts[]>): Promise<void> {
  try {
    await query(`SET ROLE ${APP_ROLE}`);
  } catch (error) {
    throw new AppRoleError(`cannot switch to ${APP_ROLE}: ${(error as Error).message}`);
  }
  const problem = appRoleProblem((await query(ROLE_FACTS_QUERY))[0]);
  if (problem) throw new AppRoleError(problem);
}

export class AppRoleError extends Error {
  constructor(detail: string) {
    super(
      `Refusing to use this database connection: ${detail}. The login role must be a member of ${APP_ROLE} (see docs/operations.md).`,
    );
    this.name = 'AppRoleError';
  }
}
