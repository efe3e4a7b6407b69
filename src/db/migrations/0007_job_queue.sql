-- Durable background work (pg-boss) lives in its own schema, owned by the application role so
-- that the queue's own migrations and the jobs enqueued inside business transactions run as it.
CREATE SCHEMA IF NOT EXISTS pgboss AUTHORIZATION tandem_app;
