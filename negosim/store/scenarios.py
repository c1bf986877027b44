"""Scenario versions: every text a run was played with is kept, once."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from negosim.scenario.loader import LoadedScenario, load_stored
from negosim.store.models import ScenarioVersion


def save_version(session: Session, loaded: LoadedScenario) -> ScenarioVersion:
    """The stored version for this exact text, created on first use."""
    found = session.scalar(
        select(ScenarioVersion).where(
            ScenarioVersion.scenario_id == loaded.id, ScenarioVersion.digest == loaded.digest
        )
    )
    if found:
        return found
    version = ScenarioVersion(
        scenario_id=loaded.id,
        digest=loaded.digest,
        title=loaded.scenario.title,
        language=loaded.scenario.language,
        source=loaded.source,
        culture_source=loaded.culture_source,
    )
    session.add(version)
    session.flush()
    return version


def load_version(version: ScenarioVersion) -> LoadedScenario:
    return load_stored(
        version.source, version.culture_source, f"{version.scenario_id}@{version.digest[:12]}"
    )
