"""The calibration: the rules' raw values put on the examiners' scale, fitted, never stale."""

from negosim.scoring.calibrate import PLAIN, Line, fit, shipped


def test_the_plain_line_is_the_rule_itself_and_a_cap_still_bounds_a_calibrated_level():
    assert [PLAIN.level(r, 0.0) for r in (0.0, 0.49, 0.5, 1.5, 2.6, 3.0)] == [0, 0, 1, 2, 3, 3]
    generous = Line(a=1.0, b=1.0, g=0.0)
    assert generous.level(2.5, 0.0) == 3 and generous.level(2.5, 0.0, cap=1) == 1
    assert Line(a=-5.0).level(1.0, 1.0) == 0  # clipped to the scale, never below TI


def test_a_level_never_goes_down_when_the_raw_value_goes_up():
    for cid, line in shipped()[0].items():
        levels = [line.level(r / 10, 1.5) for r in range(31)]
        assert levels == sorted(levels), cid


def test_fitting_finds_an_examiner_who_is_one_level_stricter_than_the_rules():
    samples = []
    for i in range(40):
        raw = (i % 7) / 2  # 0 … 3
        samples.append(({"x": raw, "y": 1.5}, {"x": max(0, int(raw + 0.5) - 1)}))
    line = fit(samples)["x"]
    assert line.level(3.0, 1.5) == 2 and line.level(0.5, 1.5) == 0
    assert "y" not in fit(samples)  # a criterion the examiner never judged keeps the rule


def test_the_shipped_calibration_was_fitted_on_the_corpus_and_scoring_code_of_this_tree():
    from bench.calibration import digest

    lines, fitted_on = shipped()
    assert lines, "negosim/scoring/data/calibration.yaml is missing"
    assert fitted_on == digest(), (
        "the corpus, rubric or scoring changed: run bench.calibration --fit"
    )
