CREATE TABLE "risk_changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"risk_id" uuid NOT NULL,
	"change_id" uuid NOT NULL,
	"linked_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "risk_changes_riskId_changeId_unique" UNIQUE("risk_id","change_id")
);
--> statement-breakpoint
ALTER TABLE "map_proposals" ADD COLUMN "priority_changes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "business_priority" smallint;--> statement-breakpoint
ALTER TABLE "risk_changes" ADD CONSTRAINT "risk_changes_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_changes" ADD CONSTRAINT "risk_changes_risk_id_risks_id_fk" FOREIGN KEY ("risk_id") REFERENCES "public"."risks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_changes" ADD CONSTRAINT "risk_changes_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "risk_changes_change_id_index" ON "risk_changes" USING btree ("change_id");--> statement-breakpoint
ALTER TABLE "access_reviews" ADD CONSTRAINT "access_reviews_obligation_occurrence_id_obligation_occurrences_id_fk" FOREIGN KEY ("obligation_occurrence_id") REFERENCES "public"."obligation_occurrences"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_reviews_obligation_occurrence_id_index" ON "access_reviews" USING btree ("obligation_occurrence_id");--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_business_priority_1_to_4" CHECK ("services"."business_priority" between 1 and 4);