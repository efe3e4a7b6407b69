CREATE TABLE "mail_channels" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"addresses" text[] DEFAULT '{}' NOT NULL,
	"imap_host" text,
	"imap_port" integer,
	"imap_tls" boolean,
	"imap_user" text,
	"imap_sealed_password" text,
	"imap_mailbox" text,
	"catalogue_item_id" uuid NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"poller_state" text,
	"poller_owner" text,
	"poller_lease_until" timestamp with time zone,
	"last_event_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	CONSTRAINT "mail_channels_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "mail_messages" (
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"workspace_id" uuid NOT NULL,
	"channel_id" uuid,
	"direction" text NOT NULL,
	"message_id" text NOT NULL,
	"from_address" text,
	"subject" text,
	"raw" "bytea",
	"size_bytes" integer DEFAULT 0 NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"ticket_id" uuid,
	"comment_id" uuid,
	"notes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	"decided_by_membership_id" uuid,
	CONSTRAINT "mail_messages_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
ALTER TABLE "mail_channels" ADD CONSTRAINT "mail_channels_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_channels" ADD CONSTRAINT "mail_channels_workspace_id_catalogue_item_id_catalogue_items_workspace_id_id_fk" FOREIGN KEY ("workspace_id","catalogue_item_id") REFERENCES "public"."catalogue_items"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_workspace_id_workspaces_id_fk" FOREIGN KEY ("workspace_id") REFERENCES "public"."workspaces"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_workspace_id_ticket_id_tickets_workspace_id_id_fk" FOREIGN KEY ("workspace_id","ticket_id") REFERENCES "public"."tickets"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_messages" ADD CONSTRAINT "mail_messages_workspace_id_channel_id_mail_channels_workspace_id_id_fk" FOREIGN KEY ("workspace_id","channel_id") REFERENCES "public"."mail_channels"("workspace_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mail_messages_workspace_message_id" ON "mail_messages" USING btree ("workspace_id","message_id");--> statement-breakpoint
CREATE INDEX "mail_messages_workspace_id_received_at_index" ON "mail_messages" USING btree ("workspace_id","received_at");--> statement-breakpoint
CREATE INDEX "mail_messages_workspace_id_ticket_id_index" ON "mail_messages" USING btree ("workspace_id","ticket_id");