-- Security: the same row-level security as every business table (see 0001_rls.sql).
--> statement-breakpoint
ALTER TABLE services ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE services FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY services_scoped ON services FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE map_versions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE map_versions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY map_versions_scoped ON map_versions FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE map_assignments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE map_assignments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY map_assignments_scoped ON map_assignments FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE map_proposals ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE map_proposals FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY map_proposals_scoped ON map_proposals FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE map_proposal_changes ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE map_proposal_changes FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY map_proposal_changes_scoped ON map_proposal_changes FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE workspace_counters ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE workspace_counters FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY workspace_counters_scoped ON workspace_counters FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE decision_types ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE decision_types FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY decision_types_scoped ON decision_types FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE decisions ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE decisions FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY decisions_scoped ON decisions FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE decision_comments ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE decision_comments FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY decision_comments_scoped ON decision_comments FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
-- A decided request is kept as it was decided, whatever the application does.
CREATE OR REPLACE FUNCTION tandem_decisions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'proposed' THEN
    RAISE EXCEPTION 'decision % is %, and decided requests cannot change', OLD.id, OLD.status USING ERRCODE = '55006';
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER decisions_immutable BEFORE UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION tandem_decisions_immutable();
--> statement-breakpoint
REVOKE DELETE, TRUNCATE ON decisions, decision_comments, map_versions, map_assignments FROM tandem_app;
