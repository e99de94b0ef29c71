"""The open FAQ: curated answers under docs/faq/, their model, pages, check and drafts."""
