DROP INDEX "tickets_requester";--> statement-breakpoint
CREATE INDEX "tickets_requester" ON "tickets" USING btree ("workspace_id","requester_membership_id","updated_at","id");