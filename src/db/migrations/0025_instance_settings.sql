CREATE TABLE "instance_settings" (
	"id" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"secret_key_check" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "instance_settings_one_row" CHECK ("instance_settings"."id")
);
--> statement-breakpoint
-- Security: the application may record the check value once and read it, never change or remove it.
REVOKE UPDATE, DELETE, TRUNCATE ON instance_settings FROM tandem_app;
