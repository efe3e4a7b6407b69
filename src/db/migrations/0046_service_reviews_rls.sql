-- Security: the same row-level security as every business table (see 0001_rls.sql).
--> statement-breakpoint
ALTER TABLE measure_snapshots ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE measure_snapshots FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY measure_snapshots_scoped ON measure_snapshots FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE measure_snapshot_runs ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE measure_snapshot_runs FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY measure_snapshot_runs_scoped ON measure_snapshot_runs FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE service_reviews ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE service_reviews FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY service_reviews_scoped ON service_reviews FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE review_commentary ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE review_commentary FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY review_commentary_scoped ON review_commentary FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE review_settings ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE review_settings FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY review_settings_scoped ON review_settings FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
-- Snapshots are upserted (a day recomputed by hand replaces its figures); reviews and commentary change, never vanish.
GRANT SELECT, INSERT, UPDATE ON measure_snapshots, service_reviews, review_commentary, review_settings TO tandem_app;
--> statement-breakpoint
-- The once-a-day claim is written once.
GRANT SELECT, INSERT ON measure_snapshot_runs TO tandem_app;
