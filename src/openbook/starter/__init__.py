"""A new company's hub, written by `openbook new`, and the check that no demo identity is left in one."""
