"""Developer tools of the govdocs project (not part of the installed package)."""
