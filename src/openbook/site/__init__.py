"""MkDocs-wide adapters: front matter, generated pages' Edit URL, page actions, the in-process build."""
