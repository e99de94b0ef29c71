"""Practices pages: their front matter model, the MkDocs adapter and their check."""
