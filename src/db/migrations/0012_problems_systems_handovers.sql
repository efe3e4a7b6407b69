CREATE TABLE "handover_attendees" (
	"workspace_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"membership_id" uuid NOT NULL,
	"attended" boolean DEFAULT false NOT NULL,
	CONSTRAINT "handover_attendees_session_id_membership_id_pk" PRIMARY KEY("session_id","membership_id")
);
--> statement-breakpoint
CREATE TABLE "handover_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"topic" text NOT NULL,
	"held_at" timestamp with time zone NOT NULL,
	"presenter_party_id" uuid NOT NULL,
	"service_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"system_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"article_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"notes" text DEFAULT '' NOT NULL,
	"created_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "problem_tickets" (
	"workspace_id" uuid NOT NULL,
	"problem_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"linked_by_membership_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "problem_tickets_problem_id_ticket_id_pk" PRIMARY KEY("problem_id","ticket_id")
);
--> statement-breakpoint
CREATE TABLE "problems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"service_id" uuid,
	"owner_party_id" uuid NOT NULL,
	"root_cause" text DEFAULT '' NOT NULL,
	"workaround" text DEFAULT '' NOT NULL,
	"workaround_kind" text DEFAULT 'none' NOT NULL,
	"workaround_expires_on" date,
	"known_error" boolean DEFAULT false NOT NULL,
	"resolution" text DEFAULT '' NOT NULL,
	"resolved_at" timestamp with time zone,
	"created_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "problems_workspaceId_number_unique" UNIQUE("workspace_id","number")
);
--> statement-breakpoint
CREATE TABLE "recurrence_proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_id" uuid NOT NULL,
	"signature" text NOT NULL,
	"ticket_ids" uuid[] NOT NULL,
	"title" text NOT NULL,
	"average_similarity" real NOT NULL,
	"evidence" jsonb NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"problem_id" uuid,
	"decided_by_membership_id" uuid,
	"decided_at" timestamp with time zone,
	"dismiss_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "recurrence_proposals_workspaceId_signature_unique" UNIQUE("workspace_id","signature")
);
--> statement-breakpoint
CREATE TABLE "recurrence_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"window_days" integer NOT NULL,
	"tickets_scanned" integer DEFAULT 0 NOT NULL,
	"groups_found" integer DEFAULT 0 NOT NULL,
	"proposals_created" integer DEFAULT 0 NOT NULL,
	"duration_ms" integer
);
--> statement-breakpoint
CREATE TABLE "system_dependencies" (
	"workspace_id" uuid NOT NULL,
	"system_id" uuid NOT NULL,
	"depends_on_system_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "system_dependencies_system_id_depends_on_system_id_pk" PRIMARY KEY("system_id","depends_on_system_id")
);
--> statement-breakpoint
CREATE TABLE "systems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"criticality" text NOT NULL,
	"owner_party_id" uuid NOT NULL,
	"service_id" uuid,
	"description" text DEFAULT '' NOT NULL,
	"recovery_article_id" uuid,
	"status" text DEFAULT 'active' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_assets" (
	"workspace_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"system_id" uuid NOT NULL,
	"linked_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ticket_assets_ticket_id_system_id_pk" PRIMARY KEY("ticket_id","system_id")
);
--> statement-breakpoint
ALTER TABLE "handover_attendees" ADD CONSTRAINT "handover_attendees_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_attendees" ADD CONSTRAINT "handover_attendees_session_id_handover_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."handover_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_attendees" ADD CONSTRAINT "handover_attendees_membership_id_memberships_id_fk" FOREIGN KEY ("membership_id") REFERENCES "public"."memberships"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_sessions" ADD CONSTRAINT "handover_sessions_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "handover_sessions" ADD CONSTRAINT "handover_sessions_presenter_party_id_parties_id_fk" FOREIGN KEY ("presenter_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problem_tickets" ADD CONSTRAINT "problem_tickets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problem_tickets" ADD CONSTRAINT "problem_tickets_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problem_tickets" ADD CONSTRAINT "problem_tickets_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "problems" ADD CONSTRAINT "problems_owner_party_id_parties_id_fk" FOREIGN KEY ("owner_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurrence_proposals" ADD CONSTRAINT "recurrence_proposals_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurrence_proposals" ADD CONSTRAINT "recurrence_proposals_problem_id_problems_id_fk" FOREIGN KEY ("problem_id") REFERENCES "public"."problems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurrence_runs" ADD CONSTRAINT "recurrence_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_dependencies" ADD CONSTRAINT "system_dependencies_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_dependencies" ADD CONSTRAINT "system_dependencies_system_id_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "system_dependencies" ADD CONSTRAINT "system_dependencies_depends_on_system_id_systems_id_fk" FOREIGN KEY ("depends_on_system_id") REFERENCES "public"."systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "systems" ADD CONSTRAINT "systems_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "systems" ADD CONSTRAINT "systems_owner_party_id_parties_id_fk" FOREIGN KEY ("owner_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "systems" ADD CONSTRAINT "systems_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "systems" ADD CONSTRAINT "systems_recovery_article_id_articles_id_fk" FOREIGN KEY ("recovery_article_id") REFERENCES "public"."articles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_assets" ADD CONSTRAINT "ticket_assets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_assets" ADD CONSTRAINT "ticket_assets_ticket_id_tickets_id_fk" FOREIGN KEY ("ticket_id") REFERENCES "public"."tickets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_assets" ADD CONSTRAINT "ticket_assets_system_id_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "handover_attendees_membership_id_index" ON "handover_attendees" USING btree ("membership_id");--> statement-breakpoint
CREATE INDEX "handover_sessions_workspace_id_held_at_index" ON "handover_sessions" USING btree ("workspace_id","held_at");--> statement-breakpoint
CREATE INDEX "problem_tickets_ticket_id_index" ON "problem_tickets" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "problems_workspace_id_status_index" ON "problems" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "recurrence_proposals_workspace_id_status_index" ON "recurrence_proposals" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "recurrence_proposals_tickets" ON "recurrence_proposals" USING gin ("ticket_ids");--> statement-breakpoint
CREATE INDEX "recurrence_runs_workspace_id_started_at_index" ON "recurrence_runs" USING btree ("workspace_id","started_at");--> statement-breakpoint
CREATE INDEX "system_dependencies_depends_on_system_id_index" ON "system_dependencies" USING btree ("depends_on_system_id");--> statement-breakpoint
CREATE INDEX "systems_workspace_id_criticality_index" ON "systems" USING btree ("workspace_id","criticality");--> statement-breakpoint
CREATE INDEX "systems_workspace_id_service_id_index" ON "systems" USING btree ("workspace_id","service_id");--> statement-breakpoint
CREATE INDEX "ticket_assets_system_id_index" ON "ticket_assets" USING btree ("system_id");