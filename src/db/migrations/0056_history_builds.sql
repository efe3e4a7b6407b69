CREATE TABLE "history_builds" (
	"workspace_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"months" integer NOT NULL,
	"seed" integer NOT NULL,
	"tickets_per_day" integer DEFAULT 3 NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"from_day" date NOT NULL,
	"until_day" date NOT NULL,
	"days_done" integer DEFAULT 0 NOT NULL,
	"days_total" integer NOT NULL,
	"checkpoint" jsonb,
	"error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "history_builds_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "history_builds" ADD CONSTRAINT "history_builds_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "history_builds_workspace_id_created_at_index" ON "history_builds" USING btree ("workspace_id","created_at");--> statement-breakpoint
-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE history_builds ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE history_builds FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY history_builds_scoped ON history_builds FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON history_builds TO tandem_app;
