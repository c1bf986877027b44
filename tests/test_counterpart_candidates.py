"""Scripted candidates of every kind against every scenario: what the counterpart never does."""

import pytest

from negosim.scripted.candidates import KINDS
from negosim.scripted.match import play
from negosim.scripted.measures import measure
from tests.helpers import SCENARIOS, scenario

NAMES = sorted(p.stem for p in SCENARIOS.glob("*.yaml"))


@pytest.mark.parametrize("name", NAMES)
def test_no_candidate_gets_a_deal_below_its_reservation_or_past_one_of_its_limits(name):
    loaded = scenario(name)
    for kind in KINDS:
        row = measure(loaded.scenario, play(loaded, kind))
        assert not row["below_reservation"], kind
        assert not row["past_limit"], kind
        assert row["contradictions"] == 0, kind
        assert row["off_topic_concessions"] == 0, kind


@pytest.mark.parametrize("name", NAMES)
def test_an_acceptance_of_its_proposal_in_any_phase_makes_a_deal(name):
    row = measure(scenario(name).scenario, play(scenario(name), "accept_all"))
    assert row["deal"]


def test_the_same_seed_plays_the_same_run():
    loaded = scenario()
    assert play(loaded, "logroll", seed=3) == play(loaded, "logroll", seed=3)
