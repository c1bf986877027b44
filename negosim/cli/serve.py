"""``negosim serve``: the app under gunicorn (one worker, many threads: see README)."""

from __future__ import annotations

import click
from gunicorn.app.base import BaseApplication

from negosim.cli.common import ready_app
from negosim.rooms import start_background, warm_pipelines


class _Gunicorn(BaseApplication):
    def __init__(self, app, options: dict) -> None:
        self.application = app
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        return self.application


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--threads",
    default=200,
    show_default=True,
    type=click.IntRange(4, 2000),
    help="One per open WebSocket plus HTTP headroom.",
)
def serve(host: str, port: int, threads: int) -> None:
    """Migrate the database and serve negosim on http://HOST:PORT."""
    app = ready_app()
    warm_pipelines(app)  # loaded once in the master, inherited by the worker
    click.echo(f"negosim on http://{host}:{port}")
    options = {
        "bind": f"{host}:{port}",
        "workers": 1,
        "threads": threads,
        "worker_class": "gthread",
        "control_socket_disable": True,
        "accesslog": "-",
        "timeout": 120,
        # threads do not survive fork: the clock and the analysis thread start in the worker
        "post_worker_init": lambda worker: start_background(app),
    }
    _Gunicorn(app, options).run()
