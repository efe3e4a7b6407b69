CREATE TABLE "macros" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"party_id" uuid,
	"title" text NOT NULL,
	"status" text,
	"assign" text,
	"handoff" text,
	"handoff_party_id" uuid,
	"handoff_reason" text,
	"canned_response_id" uuid,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"created_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_templates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"party_id" uuid,
	"title" text NOT NULL,
	"subject" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"service_id" uuid,
	"impact" text,
	"urgency" text,
	"category" text,
	"field_values" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
ALTER TABLE "macros" ADD CONSTRAINT "macros_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "macros" ADD CONSTRAINT "macros_canned_response_id_canned_responses_id_fk" FOREIGN KEY ("canned_response_id") REFERENCES "public"."canned_responses"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_templates" ADD CONSTRAINT "ticket_templates_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ticket_templates" ADD CONSTRAINT "ticket_templates_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "macros_workspace_id_party_id_title_index" ON "macros" USING btree ("workspace_id","party_id","title");--> statement-breakpoint
CREATE INDEX "ticket_templates_workspace_id_party_id_title_index" ON "ticket_templates" USING btree ("workspace_id","party_id","title");
--> statement-breakpoint
-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE macros ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE macros FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY macros_scoped ON macros FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON macros TO tandem_app;
--> statement-breakpoint
-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE ticket_templates ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE ticket_templates FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY ticket_templates_scoped ON ticket_templates FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ticket_templates TO tandem_app;
