"""The register of subprocessors: data/subprocessors.yml, its page, feed, notice rule and append-only record."""
