DROP INDEX "articles_search";--> statement-breakpoint
CREATE INDEX "articles_workspace_search" ON "articles" USING gin ("workspace_id","search");