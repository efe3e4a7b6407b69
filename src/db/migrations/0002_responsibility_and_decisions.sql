CREATE TABLE "decision_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"author_membership_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "decision_types" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"proposer_kinds" text[] NOT NULL,
	"consulted_kinds" text[] NOT NULL,
	"urgency" text DEFAULT 'routine' NOT NULL,
	"record_with_decision" text[] NOT NULL,
	"why_internal_decides" text DEFAULT '' NOT NULL,
	"decider" text DEFAULT 'internal_lead' NOT NULL,
	"delegate_membership_id" uuid,
	"delegate_party_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "decision_types_workspaceId_key_unique" UNIQUE("workspace_id","key")
);
--> statement-breakpoint
CREATE TABLE "decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"type_id" uuid NOT NULL,
	"title" text NOT NULL,
	"context" text DEFAULT '' NOT NULL,
	"options" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"recommendation" text DEFAULT '' NOT NULL,
	"links" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"service_id" uuid,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_by_membership_id" uuid NOT NULL,
	"decided_by_membership_id" uuid,
	"decided_at" timestamp with time zone,
	"rationale" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "decisions_workspaceId_number_unique" UNIQUE("workspace_id","number")
);
--> statement-breakpoint
CREATE TABLE "map_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"version_id" uuid NOT NULL,
	"service_id" uuid NOT NULL,
	"party_id" uuid NOT NULL,
	"membership_id" uuid,
	"role" text NOT NULL,
	CONSTRAINT "map_assignments_unique" UNIQUE NULLS NOT DISTINCT("version_id","service_id","party_id","membership_id","role")
);
--> statement-breakpoint
CREATE TABLE "map_proposal_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"op" text NOT NULL,
	"service_id" uuid NOT NULL,
	"party_id" uuid NOT NULL,
	"membership_id" uuid,
	"role" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "map_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"rationale" text DEFAULT '' NOT NULL,
	"base_version_id" uuid NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"proposed_by_membership_id" uuid NOT NULL,
	"decided_by_membership_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text,
	"resulting_version_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "map_proposals_workspaceId_number_unique" UNIQUE("workspace_id","number")
);
--> statement-breakpoint
CREATE TABLE "map_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"proposal_id" uuid,
	"approved_by_membership_id" uuid,
	"summary" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "map_versions_workspaceId_number_unique" UNIQUE("workspace_id","number")
);
--> statement-breakpoint
CREATE TABLE "services" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"key" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"carries_business_decisions" boolean DEFAULT false NOT NULL,
	"decision_type_keys" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "services_workspaceId_key_unique" UNIQUE("workspace_id","key")
);
--> statement-breakpoint
CREATE TABLE "workspace_counters" (
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"value" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "workspace_counters_workspaceId_name_unique" UNIQUE("workspace_id","name")
);
--> statement-breakpoint
ALTER TABLE "decision_comments" ADD CONSTRAINT "decision_comments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_comments" ADD CONSTRAINT "decision_comments_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decision_types" ADD CONSTRAINT "decision_types_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_type_id_decision_types_id_fk" FOREIGN KEY ("type_id") REFERENCES "public"."decision_types"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_assignments" ADD CONSTRAINT "map_assignments_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_assignments" ADD CONSTRAINT "map_assignments_version_id_map_versions_id_fk" FOREIGN KEY ("version_id") REFERENCES "public"."map_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_assignments" ADD CONSTRAINT "map_assignments_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_proposal_changes" ADD CONSTRAINT "map_proposal_changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_proposal_changes" ADD CONSTRAINT "map_proposal_changes_proposal_id_map_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."map_proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_proposals" ADD CONSTRAINT "map_proposals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_proposals" ADD CONSTRAINT "map_proposals_base_version_id_map_versions_id_fk" FOREIGN KEY ("base_version_id") REFERENCES "public"."map_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "map_versions" ADD CONSTRAINT "map_versions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workspace_counters" ADD CONSTRAINT "workspace_counters_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "decision_comments_decision_id_index" ON "decision_comments" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "decisions_workspace_id_status_created_at_index" ON "decisions" USING btree ("workspace_id","status","created_at");--> statement-breakpoint
CREATE INDEX "map_assignments_version_id_index" ON "map_assignments" USING btree ("version_id");--> statement-breakpoint
CREATE INDEX "map_proposal_changes_proposal_id_index" ON "map_proposal_changes" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "map_proposals_workspace_id_status_index" ON "map_proposals" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "services_name_per_workspace" ON "services" USING btree ("workspace_id",lower("name"));