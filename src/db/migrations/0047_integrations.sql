CREATE TABLE "alert_integrations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"token_hash" text,
	"sealed_secret" text,
	"previous_sealed_secret" text,
	"previous_secret_valid_until" timestamp with time zone,
	"default_service_id" uuid NOT NULL,
	"requester_membership_id" uuid NOT NULL,
	"rules" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"default_priority" text DEFAULT 'P3' NOT NULL,
	"resolve_tickets" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"last_event_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "alert_integrations_workspaceId_id_unique" UNIQUE("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "alert_notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"integration_id" uuid NOT NULL,
	"body_hash" text NOT NULL,
	"alert_count" integer NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"error" text,
	"tickets_created" integer DEFAULT 0 NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "alert_notifications_integrationId_bodyHash_unique" UNIQUE("integration_id","body_hash")
);
--> statement-breakpoint
CREATE TABLE "alert_occurrences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"integration_id" uuid NOT NULL,
	"alert_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"status" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone,
	"notification_id" uuid NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alert_occurrences_integrationId_fingerprint_startsAt_status_unique" UNIQUE("integration_id","fingerprint","starts_at","status")
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"integration_id" uuid NOT NULL,
	"fingerprint" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"name" text NOT NULL,
	"labels" jsonb NOT NULL,
	"status" text NOT NULL,
	"occurrences" integer DEFAULT 1 NOT NULL,
	"open" boolean DEFAULT true NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "alerts_workspaceId_id_unique" UNIQUE("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "oidc_identities" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider" text NOT NULL,
	"subject" text NOT NULL,
	"account_id" uuid NOT NULL,
	"email" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oidc_identities_provider_subject_unique" UNIQUE("provider","subject")
);
--> statement-breakpoint
CREATE TABLE "sso_domain_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"created_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_domain_rules_workspaceId_domain_unique" UNIQUE("workspace_id","domain")
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD COLUMN "mfa_by_provider" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "alert_integrations" ADD CONSTRAINT "alert_integrations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_integrations" ADD CONSTRAINT "alert_integrations_default_service_id_services_id_fk" FOREIGN KEY ("default_service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_notifications" ADD CONSTRAINT "alert_notifications_workspace_id_integration_id_alert_integrations_workspace_id_id_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."alert_integrations"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_occurrences" ADD CONSTRAINT "alert_occurrences_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_occurrences" ADD CONSTRAINT "alert_occurrences_workspace_id_integration_id_alert_integrations_workspace_id_id_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."alert_integrations"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_occurrences" ADD CONSTRAINT "alert_occurrences_workspace_id_alert_id_alerts_workspace_id_id_fk" FOREIGN KEY ("workspace_id","alert_id") REFERENCES "public"."alerts"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_workspace_id_integration_id_alert_integrations_workspace_id_id_fk" FOREIGN KEY ("workspace_id","integration_id") REFERENCES "public"."alert_integrations"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oidc_identities" ADD CONSTRAINT "oidc_identities_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sso_domain_rules" ADD CONSTRAINT "sso_domain_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_integrations_workspace_id_index" ON "alert_integrations" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "alert_notifications_integration_id_received_at_index" ON "alert_notifications" USING btree ("integration_id","received_at");--> statement-breakpoint
CREATE INDEX "alert_occurrences_alert_id_received_at_index" ON "alert_occurrences" USING btree ("alert_id","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "alerts_open_fingerprint" ON "alerts" USING btree ("integration_id","fingerprint") WHERE open;--> statement-breakpoint
CREATE INDEX "alerts_ticket_id_index" ON "alerts" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "oidc_identities_account_id_index" ON "oidc_identities" USING btree ("account_id");--> statement-breakpoint
CREATE INDEX "sso_domain_rules_domain_index" ON "sso_domain_rules" USING btree ("domain");