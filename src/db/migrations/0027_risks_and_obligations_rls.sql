-- Security: the same row-level security as every business table (see 0001_rls.sql).
--> statement-breakpoint
ALTER TABLE risks ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE risks FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY risks_scoped ON risks FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE risk_links ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE risk_links FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY risk_links_scoped ON risk_links FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE obligations ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE obligations FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY obligations_scoped ON obligations FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE obligation_occurrences ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE obligation_occurrences FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY obligation_occurrences_scoped ON obligation_occurrences FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE obligation_evidence_files ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE obligation_evidence_files FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY obligation_evidence_files_scoped ON obligation_evidence_files FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON risks, risk_links, obligations, obligation_occurrences, obligation_evidence_files TO tandem_app;
