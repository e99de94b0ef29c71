"""Pricing in the open: the data model, its git history, rendering, the MkDocs adapter and its check."""
