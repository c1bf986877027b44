"""Configuration: defaults in code, ``NEGOSIM_*`` environment overrides, a test dict."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
WEB_DIR = PROJECT_DIR / "web"


def defaults(instance_path: str) -> dict:
    """Embedded defaults: one SQLite file in the instance folder, the repository's content."""
    return {
        "DATABASE_URL": f"sqlite:///{Path(instance_path) / 'negosim.sqlite3'}",
        "SCENARIOS_DIR": str(PROJECT_DIR / "scenarios"),
        "RUBRICS_DIR": str(PROJECT_DIR / "rubrics"),
        "RUBRIC": "bloc3",
        "LANGUAGES": ["fr", "en"],
        "BABEL_DEFAULT_LOCALE": "fr",
        # Accounts: set to true behind HTTPS so that login cookies never travel in clear
        "SESSION_COOKIE_SECURE": False,
        "LOGIN_RATE_LIMIT": "10 per minute",
        # Any HTTP request body (the largest honest one: a scenario draft, 528 KiB)
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        # Rooms
        "MAX_TURN_CHARS": 2000,
        "MAX_SOCKET_BYTES": 64 * 1024,
        "CORS_ORIGINS": [],
        "CLOCK_TICK_S": 1.0,
        "REPLY_DELAY_MS": 1200,
        "ROOM_CAPACITY": 12,
        "ROOM_IDLE_MIN": 60,
        "OWNER_GRACE_S": 15.0,
        "ROOM_RATE_PER_S": 2.0,
        "ROOM_RATE_BURST": 10,
        # Analysis
        "ANALYSIS_INLINE": False,
    }


def ensure_secret_key(instance_path: str) -> str:
    """Generate a secret key on first run and keep it, so cookies survive restarts."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key
