CREATE TABLE "change_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"change_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_membership_id" uuid,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_feed_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"membership_id" uuid,
	"token_hash" text NOT NULL,
	"label" text DEFAULT '' NOT NULL,
	"created_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "change_feed_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "change_freezes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"created_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_links" (
	"workspace_id" uuid NOT NULL,
	"change_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "change_links_change_id_kind_target_id_pk" PRIMARY KEY("change_id","kind","target_id")
);
--> statement-breakpoint
CREATE TABLE "change_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"implementation_plan" text DEFAULT '' NOT NULL,
	"test_plan" text DEFAULT '' NOT NULL,
	"backout_plan" text DEFAULT '' NOT NULL,
	"likelihood" integer NOT NULL,
	"impact" integer NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"decision_id" uuid,
	"created_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "change_templates_workspaceId_number_unique" UNIQUE("workspace_id","number")
);
--> statement-breakpoint
CREATE TABLE "change_watchers" (
	"workspace_id" uuid NOT NULL,
	"change_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "change_watchers_change_id_membership_id_pk" PRIMARY KEY("change_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"template_id" uuid,
	"implementing_party_id" uuid,
	"implementing_party_overridden" boolean DEFAULT false NOT NULL,
	"likelihood" integer DEFAULT 1 NOT NULL,
	"impact" integer DEFAULT 1 NOT NULL,
	"implementation_plan" text DEFAULT '' NOT NULL,
	"test_plan" text DEFAULT '' NOT NULL,
	"backout_plan" text DEFAULT '' NOT NULL,
	"planned_start" timestamp with time zone,
	"planned_end" timestamp with time zone,
	"timezone" text DEFAULT 'UTC' NOT NULL,
	"user_impact" text DEFAULT '' NOT NULL,
	"downtime_minutes" integer DEFAULT 0 NOT NULL,
	"emergency_reason" text,
	"decision_id" uuid,
	"created_by_membership_id" uuid NOT NULL,
	"submitted_by_membership_id" uuid,
	"submitted_at" timestamp with time zone,
	"rejection_reason" text,
	"approved_at" timestamp with time zone,
	"started_at" timestamp with time zone,
	"outcome" text,
	"completed_at" timestamp with time zone,
	"completion_note" text,
	"review_summary" text DEFAULT '' NOT NULL,
	"review_lessons" text DEFAULT '' NOT NULL,
	"closed_at" timestamp with time zone,
	"closed_by_membership_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "changes_workspaceId_number_unique" UNIQUE("workspace_id","number")
);
--> statement-breakpoint
ALTER TABLE "change_events" ADD CONSTRAINT "change_events_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_events" ADD CONSTRAINT "change_events_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_feed_tokens" ADD CONSTRAINT "change_feed_tokens_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_freezes" ADD CONSTRAINT "change_freezes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_links" ADD CONSTRAINT "change_links_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_links" ADD CONSTRAINT "change_links_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_templates" ADD CONSTRAINT "change_templates_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_watchers" ADD CONSTRAINT "change_watchers_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_watchers" ADD CONSTRAINT "change_watchers_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_template_id_change_templates_id_fk" FOREIGN KEY ("template_id") REFERENCES "public"."change_templates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_implementing_party_id_parties_id_fk" FOREIGN KEY ("implementing_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_events_change_id_at_index" ON "change_events" USING btree ("change_id","at");--> statement-breakpoint
CREATE INDEX "change_feed_tokens_workspace_id_index" ON "change_feed_tokens" USING btree ("workspace_id");--> statement-breakpoint
CREATE INDEX "change_freezes_workspace_id_starts_at_index" ON "change_freezes" USING btree ("workspace_id","starts_at");--> statement-breakpoint
CREATE INDEX "change_links_workspace_id_kind_target_id_index" ON "change_links" USING btree ("workspace_id","kind","target_id");--> statement-breakpoint
CREATE INDEX "change_templates_decision_id_index" ON "change_templates" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "changes_workspace_id_planned_start_index" ON "changes" USING btree ("workspace_id","planned_start");--> statement-breakpoint
CREATE INDEX "changes_workspace_id_status_index" ON "changes" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "changes_workspace_id_completed_at_index" ON "changes" USING btree ("workspace_id","completed_at");--> statement-breakpoint
CREATE INDEX "changes_decision_id_index" ON "changes" USING btree ("decision_id");