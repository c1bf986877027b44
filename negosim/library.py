"""The content an app serves: its scenario catalog and its scoring rubric."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask

from negosim.engine.machine import check_flow
from negosim.scenario.catalog import Catalog, scan
from negosim.scoring.rubric import LoadedRubric, load_rubric_file

_LOCK = threading.Lock()


def init_app(app: Flask) -> None:
    reload(app)


def reload(app: Flask) -> Catalog:
    """Scan the scenarios again; a broken file is reported and the others keep serving."""
    catalog = scan(Path(app.config["SCENARIOS_DIR"]), checks=[check_flow])
    rubric = load_rubric_file(Path(app.config["RUBRICS_DIR"]) / f"{app.config['RUBRIC']}.yaml")
    with _LOCK:
        app.extensions["negosim.catalog"] = catalog
        app.extensions["negosim.rubric"] = rubric
    for error in catalog.errors:
        app.logger.warning("scenario not loaded: %s", error)
    return catalog


def catalog(app: Flask) -> Catalog:
    return app.extensions["negosim.catalog"]


def rubric(app: Flask) -> LoadedRubric:
    return app.extensions["negosim.rubric"]
