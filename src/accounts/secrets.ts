// Hashing, sealing and constant-time comparison moved to server/secrets.ts (server/idempotency.ts uses
// them, and the server sits below the areas); accounts keeps this path for its own modules.
export * from '../server/secrets.ts';
