"""The `directory` command line, one module per command group."""

from directory.cli import data, index, ops, services, users  # noqa: F401  (registers commands)
from directory.cli.root import main

__all__ = ["main"]
