"""The WSGI entry point gunicorn serves (see README: one worker, many threads)."""

from negosim import create_app
from negosim.rooms import start_background

app = create_app()
start_background(app)
