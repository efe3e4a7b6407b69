CREATE TABLE "measure_snapshot_runs" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"days" integer NOT NULL,
	"duration_ms" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_snapshot_runs_workspace_id_day_pk" PRIMARY KEY("workspace_id","day")
);
--> statement-breakpoint
CREATE TABLE "measure_snapshots" (
	"workspace_id" uuid NOT NULL,
	"day" date NOT NULL,
	"measure" text NOT NULL,
	"dimension" text DEFAULT '' NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "measure_snapshots_workspace_id_day_measure_dimension_pk" PRIMARY KEY("workspace_id","day","measure","dimension")
);
--> statement-breakpoint
CREATE TABLE "review_commentary" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"review_id" uuid NOT NULL,
	"section" text NOT NULL,
	"party_id" uuid NOT NULL,
	"author_membership_id" uuid NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "review_commentary_reviewId_section_partyId_unique" UNIQUE("review_id","section","party_id")
);
--> statement-breakpoint
CREATE TABLE "review_settings" (
	"workspace_id" uuid PRIMARY KEY NOT NULL,
	"recipient_membership_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_reviews" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"cadence" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"held_on" date,
	"held_at" timestamp with time zone,
	"held_by_membership_id" uuid,
	"attendees" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"frozen_pack" jsonb,
	"mailed_at" timestamp with time zone,
	"created_by_membership_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "service_reviews_workspaceId_number_unique" UNIQUE("workspace_id","number"),
	CONSTRAINT "service_reviews_workspaceId_periodStart_periodEnd_unique" UNIQUE("workspace_id","period_start","period_end"),
	CONSTRAINT "service_reviews_workspace_id_id_unique" UNIQUE("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "measure_snapshot_runs" ADD CONSTRAINT "measure_snapshot_runs_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "measure_snapshots" ADD CONSTRAINT "measure_snapshots_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_commentary" ADD CONSTRAINT "review_commentary_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_commentary" ADD CONSTRAINT "review_commentary_workspace_id_review_id_service_reviews_workspace_id_id_fk" FOREIGN KEY ("workspace_id","review_id") REFERENCES "public"."service_reviews"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_commentary" ADD CONSTRAINT "review_commentary_workspace_id_party_id_parties_workspace_id_id_fk" FOREIGN KEY ("workspace_id","party_id") REFERENCES "public"."parties"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_settings" ADD CONSTRAINT "review_settings_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_reviews" ADD CONSTRAINT "service_reviews_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "measure_snapshots_workspace_id_measure_day_index" ON "measure_snapshots" USING btree ("workspace_id","measure","day");