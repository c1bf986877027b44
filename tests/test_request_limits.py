"""Request bodies: bounded, refused with a clear 413 before anything reads them."""

from __future__ import annotations

import io

import pytest

LIMIT = 1024 * 1024  # MAX_CONTENT_LENGTH's default


class Counted(io.BytesIO):
    """A request body that remembers whether the server read any of it."""

    def __init__(self, size: int) -> None:
        super().__init__(b"a" * size)
        self.read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        data = super().readline(size)
        self.read_bytes += len(data)
        return data

    def readinto(self, buffer) -> int:
        n = super().readinto(buffer)
        self.read_bytes += n
        return n


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/login", "application/x-www-form-urlencoded"),
        ("/runs/1/annotations", "application/json"),
        ("/workspace/validate", "application/json"),
        ("/rooms", "multipart/form-data; boundary=x"),
    ],
)
def test_an_oversized_body_is_refused_unread_with_a_413(client, url, content_type):
    body = Counted(LIMIT + 1)
    answer = client.post(
        url, input_stream=body, content_length=LIMIT + 1, content_type=content_type
    )
    assert answer.status_code == 413
    assert body.read_bytes == 0
    assert "1024 Kio" in answer.get_data(as_text=True)  # French unless the browser asks


def test_a_json_client_gets_the_refusal_as_json(client):
    answer = client.post(
        "/runs/1/annotations",
        input_stream=Counted(LIMIT + 1),
        content_length=LIMIT + 1,
        content_type="application/json",
    )
    assert answer.get_json()["error"]["code"] == "too_large"


def test_a_body_within_the_limit_is_read_as_before(client):
    answer = client.post("/login", data={"username": "x" * 1000, "password": "y"})
    assert answer.status_code in (200, 302)
