"""The `congvan` command line: this package assembles the group; each family of commands is a
module that adds itself with `register(main)`, and what they share (exit codes, `--db`, the
reader's limits, one-line errors) is `options`. No command module imports this package.

    parse       read files and print what congvan finds in each
    archive     ingest, stats, failures, files, search, lineage, coverage, status, export graph
    deadlines   deadlines (a calendar feed) and remind (a digest by e-mail)
    tasks       deadlines to closure: who owes what, what came back
    synth       write a synthetic archive
    serve       the analysts' web app

Exit codes: 0 every file read, 3 some files failed (each named on stderr with its reason),
2 usage error.
"""
from __future__ import annotations

import click

from . import parse


class _Group(click.Group):
    """The families other than `parse` register on first need (a command not yet known, or the list
    for --help): `congvan parse` imports none of them (networkx, the store's queries, the web's)."""

    def get_command(self, ctx, name):
        if name not in self.commands:
            _register_families(self)
        return super().get_command(ctx, name)

    def list_commands(self, ctx):
        _register_families(self)
        return super().list_commands(ctx)


def _register_families(group: click.Group) -> None:
    from . import archive, deadlines, serve, synth, tasks

    # the order the families were added in before they were modules: `export` is the archive's group
    for family in (archive, synth, serve, deadlines, tasks):
        family.register(group)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="congvan")
def main():
    """congvan: read Vietnamese official dispatches, extract their facts and citations."""


parse.register(main)

__all__ = ["main"]
