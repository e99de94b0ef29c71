"""Q&A pages from the company's GitHub issues: the snapshot, its rules, sync and the MkDocs adapter."""
