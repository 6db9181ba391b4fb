"""The `directory` command group."""

from __future__ import annotations

import click

from directory.i18n import current_language


@click.group()
def main() -> None:
    """Direktori ekonomi kreatif Kota Malang — the creative-economy directory of Kota Malang."""
    # An operator's tool: its messages are English, and so are the validation reasons it prints.
    current_language.set("en")


