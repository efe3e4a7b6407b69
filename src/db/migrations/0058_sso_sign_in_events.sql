CREATE TABLE "sso_sign_in_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"outcome" text NOT NULL,
	"code" text,
	"reason" text,
	"email" text,
	"workspace_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL
);
--> statement-breakpoint
CREATE INDEX "sso_sign_in_events_provider_at_index" ON "sso_sign_in_events" USING btree ("provider","at");