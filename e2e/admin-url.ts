/**
 * The same database as the administrator (TEST_DATABASE_ADMIN_URL), for a test's look behind the
 * API: with a database owner that is not a superuser, row-level security hides every row from the
 * owner too, so a check of what the server wrote needs the administrator's connection.
 */
export function adminDatabaseUrl(url: string): string {
  const admin = process.env.TEST_DATABASE_ADMIN_URL;
  if (!admin) return url;
  const target = new URL(url);
  const from = new URL(admin);
  target.username = from.username;
  target.password = from.password;
  return target.toString();
}
