CREATE TABLE "recurrence_tickets" (
	"workspace_id" uuid NOT NULL,
	"scope_kind" text NOT NULL,
	"scope_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"subj" text NOT NULL,
	"descr" text NOT NULL,
	"neighbours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	CONSTRAINT "recurrence_tickets_workspace_id_scope_kind_scope_id_ticket_id_pk" PRIMARY KEY("workspace_id","scope_kind","scope_id","ticket_id")
);
--> statement-breakpoint
ALTER TABLE "recurrence_tickets" ADD CONSTRAINT "recurrence_tickets_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recurrence_tickets" ADD CONSTRAINT "recurrence_tickets_workspace_id_ticket_id_tickets_workspace_id_id_fk" FOREIGN KEY ("workspace_id","ticket_id") REFERENCES "public"."tickets"("workspace_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE recurrence_tickets ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE recurrence_tickets FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY recurrence_tickets_scoped ON recurrence_tickets FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON recurrence_tickets TO tandem_app;
