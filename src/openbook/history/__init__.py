"""Page history from one git pass: the pass, "What changed", credits, rendering and the MkDocs adapter."""
