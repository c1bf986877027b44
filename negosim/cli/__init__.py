"""The ``negosim`` command line: serve, scenarios, play, analyze, score, db, users, export."""

from __future__ import annotations

import click

from negosim.cli import analyze, db, export, play, scenarios, score, serve, users


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="negosim")
def main() -> None:
    """negosim — rehearse the block-3 negotiation role-play."""


main.add_command(serve.serve)
main.add_command(db.db)
main.add_command(scenarios.scenarios)
main.add_command(play.play)
main.add_command(analyze.analyze)
main.add_command(score.score)
main.add_command(users.users)
main.add_command(export.export)
