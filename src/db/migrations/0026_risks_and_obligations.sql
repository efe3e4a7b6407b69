CREATE TABLE "obligation_evidence_files" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"occurrence_id" uuid NOT NULL,
	"requirement" text NOT NULL,
	"filename" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"content" "bytea" NOT NULL,
	"uploaded_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "obligation_occurrences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"obligation_id" uuid NOT NULL,
	"due_on" date NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"grace_until" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"checked_items" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"figure_value" double precision,
	"attested_by_membership_id" uuid,
	"submitted_at" timestamp with time zone,
	"first_submitted_at" timestamp with time zone,
	"reviewed_by_membership_id" uuid,
	"reviewed_at" timestamp with time zone,
	"rejection_reason" text,
	"escalation_level" smallint DEFAULT 0 NOT NULL,
	"missed" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "obligation_occurrences_obligationId_dueOn_unique" UNIQUE("obligation_id","due_on")
);
--> statement-breakpoint
CREATE TABLE "obligations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"controls" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"service_id" uuid NOT NULL,
	"accountable_membership_id" uuid NOT NULL,
	"system_id" uuid,
	"rrule" text NOT NULL,
	"time_zone" text NOT NULL,
	"starts_on" date NOT NULL,
	"due_time" text DEFAULT '17:00' NOT NULL,
	"grace_hours" integer DEFAULT 72 NOT NULL,
	"checklist" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required_files" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"figure" jsonb,
	"attestation" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"generated_until" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "obligations_workspaceId_number_unique" UNIQUE("workspace_id","number")
);
--> statement-breakpoint
CREATE TABLE "risk_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"target_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_links_riskId_kind_targetId_unique" UNIQUE("risk_id","kind","target_id")
);
--> statement-breakpoint
CREATE TABLE "risks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"csf_category" text,
	"ce_control" text,
	"custom_category" text,
	"inherent_likelihood" smallint NOT NULL,
	"inherent_impact" smallint NOT NULL,
	"residual_likelihood" smallint NOT NULL,
	"residual_impact" smallint NOT NULL,
	"treatment" text DEFAULT 'mitigate' NOT NULL,
	"treatment_party_id" uuid,
	"owner_membership_id" uuid NOT NULL,
	"review_on" date,
	"review_reminded_on" date,
	"status" text DEFAULT 'open' NOT NULL,
	"acceptance" text DEFAULT 'none' NOT NULL,
	"acceptance_decision_id" uuid,
	"accepted_until" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"accepted_by_membership_id" uuid,
	"source_kind" text,
	"source_id" uuid,
	"created_by_membership_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "risks_workspaceId_number_unique" UNIQUE("workspace_id","number")
);
--> statement-breakpoint
ALTER TABLE "obligation_evidence_files" ADD CONSTRAINT "obligation_evidence_files_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligation_evidence_files" ADD CONSTRAINT "obligation_evidence_files_occurrence_id_obligation_occurrences_id_fk" FOREIGN KEY ("occurrence_id") REFERENCES "public"."obligation_occurrences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligation_occurrences" ADD CONSTRAINT "obligation_occurrences_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligation_occurrences" ADD CONSTRAINT "obligation_occurrences_obligation_id_obligations_id_fk" FOREIGN KEY ("obligation_id") REFERENCES "public"."obligations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligations" ADD CONSTRAINT "obligations_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligations" ADD CONSTRAINT "obligations_service_id_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "obligations" ADD CONSTRAINT "obligations_system_id_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_links" ADD CONSTRAINT "risk_links_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risks" ADD CONSTRAINT "risks_treatment_party_id_parties_id_fk" FOREIGN KEY ("treatment_party_id") REFERENCES "public"."parties"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "obligation_evidence_files_occurrence_id_index" ON "obligation_evidence_files" USING btree ("occurrence_id");--> statement-breakpoint
CREATE INDEX "obligation_occurrences_workspace_id_due_on_index" ON "obligation_occurrences" USING btree ("workspace_id","due_on");--> statement-breakpoint
CREATE INDEX "obligation_occurrences_escalation" ON "obligation_occurrences" USING btree ("due_at") WHERE status = 'open' and escalation_level < 2;--> statement-breakpoint
CREATE INDEX "obligations_workspace_id_status_index" ON "obligations" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "risk_links_workspace_id_kind_target_id_index" ON "risk_links" USING btree ("workspace_id","kind","target_id");--> statement-breakpoint
CREATE INDEX "risks_workspace_id_status_index" ON "risks" USING btree ("workspace_id","status");--> statement-breakpoint
CREATE INDEX "risks_workspace_id_source_kind_source_id_index" ON "risks" USING btree ("workspace_id","source_kind","source_id");