"""A fresh PostgreSQL database per test, on the server ``NEGOSIM_TEST_POSTGRES_URL`` names.

CI starts Debian's PostgreSQL and sets the URL (``.ci/run``); elsewhere these tests are
skipped unless it is set, and on CI a missing URL is an error, never a silent skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

URL = os.environ.get("NEGOSIM_TEST_POSTGRES_URL", "")


@pytest.fixture
def pg_url() -> Iterator[str]:
    if not URL:
        if os.environ.get("CI") == "true":
            pytest.fail("NEGOSIM_TEST_POSTGRES_URL is not set: .ci/run starts PostgreSQL for these")
        pytest.skip("set NEGOSIM_TEST_POSTGRES_URL (postgresql+psycopg://…) to run on PostgreSQL")
    server = make_url(URL)
    name = f"negosim_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
