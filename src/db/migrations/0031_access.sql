CREATE TABLE "access_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"system_id" uuid NOT NULL,
	"tier" text NOT NULL,
	"reason" text NOT NULL,
	"duration_minutes" integer NOT NULL,
	"requested_by_membership_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"status" text DEFAULT 'requested' NOT NULL,
	"decided_by_membership_id" uuid,
	"decided_at" timestamp with time zone,
	"expires_at" timestamp with time zone,
	"expired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "access_grants_workspaceId_number_unique" UNIQUE("workspace_id","number")
);
--> statement-breakpoint
CREATE TABLE "access_review_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"privileged_account_id" uuid NOT NULL,
	"snapshot" jsonb NOT NULL,
	"reviewer_membership_id" uuid NOT NULL,
	"outcome" text,
	"comment" text,
	"decided_by_membership_id" uuid,
	"decided_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"obligation_occurrence_id" uuid,
	"scope" jsonb NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"started_by_membership_id" uuid NOT NULL,
	"completed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "access_reviews_workspaceId_number_unique" UNIQUE("workspace_id","number")
);
--> statement-breakpoint
CREATE TABLE "access_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"max_grant_minutes" integer DEFAULT 480 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "privileged_accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"system_id" uuid NOT NULL,
	"account_name" text NOT NULL,
	"membership_id" uuid,
	"tier" text NOT NULL,
	"mfa" text DEFAULT 'unknown' NOT NULL,
	"decision_id" uuid,
	"grant_id" uuid,
	"expires_at" timestamp with time zone,
	"break_glass_last_used_at" timestamp with time zone,
	"notes" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "access_revocation_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"source" text NOT NULL,
	"title" text NOT NULL,
	"grant_id" uuid,
	"privileged_account_id" uuid,
	"review_line_id" uuid,
	"responsible_party_id" uuid NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"evidence" text,
	"evidence_filename" text,
	"evidence_content_type" text,
	"evidence_sha256" text,
	"evidence_content" "bytea",
	"confirmed_by_membership_id" uuid,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_system_id_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_requested_by_membership_id_memberships_id_fk" FOREIGN KEY ("requested_by_membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_grants" ADD CONSTRAINT "access_grants_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_lines" ADD CONSTRAINT "access_review_lines_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_lines" ADD CONSTRAINT "access_review_lines_review_id_access_reviews_id_fk" FOREIGN KEY ("review_id") REFERENCES "public"."access_reviews"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_review_lines" ADD CONSTRAINT "access_review_lines_privileged_account_id_privileged_accounts_id_fk" FOREIGN KEY ("privileged_account_id") REFERENCES "public"."privileged_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_settings" ADD CONSTRAINT "access_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privileged_accounts" ADD CONSTRAINT "privileged_accounts_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privileged_accounts" ADD CONSTRAINT "privileged_accounts_system_id_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privileged_accounts" ADD CONSTRAINT "privileged_accounts_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "privileged_accounts" ADD CONSTRAINT "privileged_accounts_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_revocation_tasks" ADD CONSTRAINT "access_revocation_tasks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_revocation_tasks" ADD CONSTRAINT "access_revocation_tasks_grant_id_access_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."access_grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_revocation_tasks" ADD CONSTRAINT "access_revocation_tasks_privileged_account_id_privileged_accounts_id_fk" FOREIGN KEY ("privileged_account_id") REFERENCES "public"."privileged_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_revocation_tasks" ADD CONSTRAINT "access_revocation_tasks_responsible_party_id_parties_id_fk" FOREIGN KEY ("responsible_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_grants_workspace_id_status_index" ON "access_grants" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "access_grants_decision_id_index" ON "access_grants" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "access_review_lines_review_id_index" ON "access_review_lines" USING btree ("review_id");--> statement-breakpoint
CREATE INDEX "access_review_lines_workspace_id_reviewer_membership_id_index" ON "access_review_lines" USING btree ("workspace_id","reviewer_membership_id");--> statement-breakpoint
CREATE INDEX "access_reviews_workspace_id_status_index" ON "access_reviews" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "privileged_accounts_workspace_id_status_index" ON "privileged_accounts" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "privileged_accounts_system_id_index" ON "privileged_accounts" USING btree ("system_id");--> statement-breakpoint
CREATE INDEX "privileged_accounts_membership_id_index" ON "privileged_accounts" USING btree ("membership_id");--> statement-breakpoint
CREATE UNIQUE INDEX "privileged_accounts_name_per_system" ON "privileged_accounts" USING btree ("workspace_id","system_id",lower("account_name")) WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "access_revocation_tasks_workspace_id_status_index" ON "access_revocation_tasks" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "access_revocation_tasks_grant" ON "access_revocation_tasks" USING btree ("grant_id") WHERE grant_id is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "access_revocation_tasks_line" ON "access_revocation_tasks" USING btree ("review_line_id") WHERE review_line_id is not null;