CREATE TABLE "sso_domain_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"domain" text NOT NULL,
	"created_by_membership_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sso_domain_rules_workspaceId_domain_unique" UNIQUE("workspace_id","domain")
);
--> statement-breakpoint
ALTER TABLE "sso_domain_rules" ADD CONSTRAINT "sso_domain_rules_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sso_domain_rules_domain_index" ON "sso_domain_rules" USING btree ("domain");