"""Contributions: what a change touches, the source scan, the check runner, review and the triage queue."""
