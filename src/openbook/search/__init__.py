"""Search with Pagefind: the built site is indexed after the build, and readers fetch only what a query needs."""
