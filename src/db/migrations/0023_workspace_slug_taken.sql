-- `tandem demo` asks whether a workspace address is taken before it creates anything; the
-- application role sees no workspace without a scope (row-level security), so the question is
-- answered here. Security: one boolean about one slug, nothing else of the workspace.
CREATE OR REPLACE FUNCTION tandem_workspace_slug_taken(p_slug text)
  RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM workspaces WHERE slug = p_slug) $$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION tandem_workspace_slug_taken(text) FROM PUBLIC;
--> statement-breakpoint
GRANT EXECUTE ON FUNCTION tandem_workspace_slug_taken(text) TO tandem_app;
