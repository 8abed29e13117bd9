"""notes-kb: raw AWS study notes in, a clean, traceable MkDocs site out."""
