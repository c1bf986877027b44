"""Copy the front-end packages installed by npm into ``web/static/vendor``."""

from __future__ import annotations

import shutil
import sys

from negosim.config import PROJECT_DIR, WEB_DIR

VENDOR = {
    "socket.io.min.js": "node_modules/socket.io-client/dist/socket.io.min.js",
    "chart.umd.min.js": "node_modules/chart.js/dist/chart.umd.min.js",
    "mermaid.min.js": "node_modules/mermaid/dist/mermaid.min.js",
}


def main() -> int:
    target = WEB_DIR / "static" / "vendor"
    target.mkdir(parents=True, exist_ok=True)
    for name, source in VENDOR.items():
        path = PROJECT_DIR / source
        if not path.is_file():
            print(f"missing {source}: run `npm ci` first", file=sys.stderr)
            return 1
        shutil.copyfile(path, target / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
