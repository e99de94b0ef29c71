"""Notices: what the hub announces ahead or decides in public, listed, published as GitHub Releases and fed."""
