// Drizzle's schema registry: drizzle-kit and the query builder need every table in one object.
export * from './accounts.ts';
export * from './audit.ts';
export * from './decisions.ts';
export * from './responsibility.ts';
export * from './tickets.ts';
export * from './workspaces.ts';
