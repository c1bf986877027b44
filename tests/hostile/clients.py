"""Hostile clients' tools: a logged-in HTTP session, a raw HTTP request, a room member."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlsplit

import requests

from tests.hostile.conftest import ADMIN, PASSWORD


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)


def logged_in(url: str, username: str = ADMIN, password: str = PASSWORD) -> requests.Session:
    http_session = requests.Session()
    http_session.headers["Connection"] = "close"  # no reuse racing gunicorn's keep-alive close
    token = csrf_of(http_session.get(url + "/login", timeout=10).text)
    answer = http_session.post(
        url + "/login",
        data={"csrf_token": token, "username": username, "password": password},
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text[:500]
    http_session.headers["X-CSRFToken"] = csrf_of(http_session.get(url + "/", timeout=10).text)
    return http_session


def declared_but_unsent(url: str, path: str, length: int, content_type: str) -> tuple[int, str]:
    """POST that declares ``length`` bytes and sends none: what the server answers unread."""
    where = urlsplit(url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=20)
    try:
        conn.putrequest("POST", path)
        conn.putheader("Content-Type", content_type)
        conn.putheader("Content-Length", str(length))
        conn.endheaders()
        answer = conn.getresponse()
        return answer.status, answer.read(4096).decode("utf-8", "replace")
    finally:
        conn.close()
