// Drizzle's schema registry: drizzle-kit and the query builder need every table in one object.
export * from './accounts.ts';
export * from './alerts.ts';
export * from './audit.ts';
export * from './backlog.ts';
export * from './decisions.ts';
export * from './handovers.ts';
export * from './incidents.ts';
export * from './instance.ts';
export * from './knowledge.ts';
export * from './notifications.ts';
export * from './problems.ts';
export * from './responsibility.ts';
export * from './sla.ts';
export * from './sso.ts';
export * from './systems.ts';
export * from './tickets.ts';
export * from './workspaces.ts';
