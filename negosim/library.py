"""The content an app serves: its scenario catalog and its scoring rubric.

The catalog is the scenario files as shipped, overlaid by the versions trainers
saved in the workspace (the latest save of an id wins over its file, and an id
without a file is added). The overlay is read from the database when the catalog
is loaded (app start, ``negosim serve`` after migrating) and each save publishes
its version at once (``publish``); one server process serves the app (see README),
so no other process holds a stale catalog.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask

from negosim.engine.machine import check_flow
from negosim.scenario.catalog import Catalog, scan
from negosim.scenario.loader import LoadedScenario
from negosim.scoring.rubric import LoadedRubric, load_rubric_file
from negosim.store import get_store

_LOCK = threading.Lock()


def init_app(app: Flask) -> None:
    reload(app)


def reload(app: Flask) -> Catalog:
    """Scan the scenarios again; a broken file is reported and the others keep serving."""
    catalog = scan(Path(app.config["SCENARIOS_DIR"]), checks=[check_flow])
    rubric = load_rubric_file(Path(app.config["RUBRICS_DIR"]) / f"{app.config['RUBRIC']}.yaml")
    with _LOCK:
        app.extensions["negosim.shipped"] = catalog
        app.extensions["negosim.rubric"] = rubric
    catalog = overlay(app)
    for error in catalog.errors:
        app.logger.warning("scenario not loaded: %s", error)
    return catalog


def overlay(app: Flask) -> Catalog:
    """The shipped files with the workspace's latest versions on top, read from the database."""
    from negosim.workspace.authoring import authored_scenarios

    with get_store(app).Session() as db:
        authored, errors = authored_scenarios(db)
    shipped: Catalog = app.extensions["negosim.shipped"]
    catalog = Catalog(
        {**shipped.scenarios, **{loaded.id: loaded for loaded in authored}},
        [*shipped.errors, *errors],
    )
    with _LOCK:
        app.extensions["negosim.catalog"] = catalog
    return catalog


def publish(app: Flask, loaded: LoadedScenario) -> None:
    """Make a just-saved version the catalog's current one for its id."""
    with _LOCK:
        old: Catalog = app.extensions["negosim.catalog"]
        app.extensions["negosim.catalog"] = Catalog(
            {**old.scenarios, loaded.id: loaded}, list(old.errors)
        )


def shipped(app: Flask) -> Catalog:
    """The scenario files alone, as shipped."""
    return app.extensions["negosim.shipped"]


def catalog(app: Flask) -> Catalog:
    return app.extensions["negosim.catalog"]


def rubric(app: Flask) -> LoadedRubric:
    return app.extensions["negosim.rubric"]
