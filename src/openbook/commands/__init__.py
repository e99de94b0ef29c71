"""The `openbook` subcommands, one module each (see openbook.cli)."""
