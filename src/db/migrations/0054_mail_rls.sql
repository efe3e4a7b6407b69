-- Security: the same row-level security as every business table (see 0001_rls.sql).
ALTER TABLE mail_channels ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_channels FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_channels_scoped ON mail_channels FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
ALTER TABLE mail_messages ENABLE ROW LEVEL SECURITY;
--> statement-breakpoint
ALTER TABLE mail_messages FORCE ROW LEVEL SECURITY;
--> statement-breakpoint
CREATE POLICY mail_messages_scoped ON mail_messages FOR ALL USING (workspace_id = tandem_current_workspace())
  WITH CHECK (workspace_id = tandem_current_workspace());
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON mail_channels TO tandem_app;
--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE ON mail_messages TO tandem_app;
--> statement-breakpoint
-- Mail arrives before anyone is signed in: which active channel (and workspace) takes an address
-- (ids only), and which IMAP channels the poller serves. Everything else is read inside that scope.
GRANT SELECT ON mail_channels TO tandem_definer;
--> statement-breakpoint
CREATE POLICY mail_channels_definer_read ON mail_channels FOR SELECT TO tandem_definer USING (true);
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_mail_channel_for_address(p_address text)
  RETURNS TABLE (workspace_id uuid, channel_id uuid, status text)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$
    SELECT c.workspace_id, c.id, c.status FROM mail_channels c
    WHERE c.kind = 'smtp' AND lower(p_address) = ANY (c.addresses)
    ORDER BY c.created_at
  $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION tandem_mail_imap_channels()
  RETURNS TABLE (workspace_id uuid, channel_id uuid)
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT c.workspace_id, c.id FROM mail_channels c WHERE c.kind = 'imap' AND c.status = 'active' $$;
--> statement-breakpoint
GRANT CREATE ON SCHEMA public TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_mail_channel_for_address(text) OWNER TO tandem_definer;
--> statement-breakpoint
ALTER FUNCTION tandem_mail_imap_channels() OWNER TO tandem_definer;
--> statement-breakpoint
REVOKE CREATE ON SCHEMA public FROM tandem_definer;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_mail_channel_for_address(text) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_mail_imap_channels() FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_mail_channel_for_address(text) TO tandem_app;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_mail_imap_channels() TO tandem_app;
