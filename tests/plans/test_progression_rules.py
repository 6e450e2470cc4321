"""The plan rule engine (workouts.rules.progression): pure, no database."""

import pytest

from workouts.rules import progression as p

KG, LB = "kg", "lb"
ADD_2_5 = p.Progression(p.ADD_LOAD, 2.5)
SIXTY = p.LoadRule(p.ABSOLUTE, 60.0)


def test_absolute_load_resolves_to_itself():
    assert p.resolve_load(p.LoadRule(p.ABSOLUTE, 80.0), p.Facts()) == 80.0


def test_percent_of_e1rm_is_that_share_of_the_users_e1rm():
    assert p.resolve_load(p.LoadRule(p.E1RM, 75), p.Facts(e1rm_kg=120.0)) == 90.0


def test_percent_of_e1rm_without_an_e1rm_is_unknown():
    assert p.resolve_load(p.LoadRule(p.E1RM, 75), p.Facts()) is None


def test_last_time_is_the_last_sessions_load():
    assert p.resolve_load(p.LoadRule(p.LAST), p.Facts(last_kg=62.5)) == 62.5


def test_no_rule_has_no_load():
    assert p.resolve_load(p.LoadRule(), p.Facts(last_kg=62.5, e1rm_kg=100)) is None


@pytest.mark.parametrize(
    ("kg", "expected"), [(91.0, 90.0), (91.3, 92.5), (1.0, 2.5), (0.0, 0.0), (101.25, 102.5)]
)
def test_kg_loads_round_to_the_nearest_2_5_kg_by_default(kg, expected):
    assert p.round_load(kg, KG) == pytest.approx(expected)


def test_lb_loads_round_to_the_nearest_5_lb_by_default():
    # 90 kg = 198.4 lb -> 200 lb
    assert p.in_unit(p.round_load(90.0, LB), LB) == pytest.approx(200.0)


def test_the_users_own_step_is_used_in_their_unit():
    assert p.round_load(91.0, KG, step=1.0) == pytest.approx(91.0)
    assert p.in_unit(p.round_load(90.0, LB, step=2.5), LB) == pytest.approx(197.5)


def test_a_small_positive_load_rounds_up_to_one_step_not_zero():
    assert p.round_load(0.4, KG) == pytest.approx(2.5)


def test_themed_intensity_percent_reads_as_an_e1rm_rule():
    assert p.rule_from_intensity("65% 1RM", None) == p.LoadRule(p.E1RM, 65.0)


def test_themed_item_with_a_load_is_absolute():
    assert p.rule_from_intensity("heavy", 40.0) == p.LoadRule(p.ABSOLUTE, 40.0)


def test_themed_item_without_load_or_percent_has_no_rule():
    assert p.rule_from_intensity("easy, zone 2", None) == p.LoadRule()


def test_all_sets_done_counts_sets_that_reach_the_low_end_of_the_reps():
    assert p.completed(3, 8, None, None, [(8, None, None), (9, None, None), (8, None, None)])


def test_one_short_set_means_not_completed():
    assert not p.completed(3, 8, None, None, [(8, None, None), (7, None, None), (8, None, None)])


def test_too_few_sets_means_not_completed():
    assert not p.completed(3, 8, None, None, [(8, None, None), (8, None, None)])


def test_duration_and_distance_count_toward_completion():
    assert p.completed(1, None, 600, 2000, [(None, 600, 2000.0)])
    assert not p.completed(1, None, 600, 2000, [(None, 600, 1900.0)])


def chain(*completed, prog=ADD_2_5, load=SIXTY, **kw):
    return [
        p.Link(week=i + 1, load=load, progression=prog, completed=done, **kw)
        for i, done in enumerate(completed)
    ]


def loads(targets):
    return [t.load_kg for t in targets]


def test_fixed_load_is_added_after_a_week_with_every_set_done():
    assert loads(p.chain_targets(chain(True, True, None), p.Facts())) == [60.0, 62.5, 65.0]


def test_a_short_week_repeats_the_load():
    assert loads(p.chain_targets(chain(True, False, None), p.Facts())) == [60.0, 62.5, 62.5]


def test_a_missed_week_repeats_the_load():
    assert loads(p.chain_targets(chain(None, None), p.Facts())) == [60.0, 60.0]


def test_the_rule_says_why_the_load_moved_or_not():
    targets = p.chain_targets(chain(True, False, None), p.Facts())
    assert [t.rule for t in targets] == [
        "",
        "+2.5 kg: last week all done",
        "repeat: last week not all done",
    ]


def test_progression_from_an_e1rm_rule_starts_at_that_share_rounded():
    links = chain(True, None, load=p.LoadRule(p.E1RM, 75))
    assert loads(p.chain_targets(links, p.Facts(e1rm_kg=101.0))) == [75.0, 77.5]


def test_percentage_is_added_to_duration_and_distance():
    prog = p.Progression(p.ADD_PERCENT, 10)
    links = chain(True, True, None, prog=prog, load=p.LoadRule(), duration_s=600, distance_m=2000)
    targets = p.chain_targets(links, p.Facts())
    assert [t.duration_s for t in targets] == [600, 660, 726]
    assert [t.distance_m for t in targets] == pytest.approx([2000, 2200, 2420])


def test_deload_week_is_the_carried_load_at_its_percentage():
    prog = p.Progression(p.ADD_LOAD, 2.5, deload_week=3, deload_percent=60)
    targets = p.chain_targets(chain(True, True, True, None, prog=prog), p.Facts())
    # 60, 62.5, deload of 65 at 60 % = 39 -> 40, then back to 65 (no gain from the deload week)
    assert loads(targets) == [60.0, 62.5, 40.0, 65.0]
    assert targets[2].deload and targets[2].rule == "deload 60%"


def test_a_link_without_progression_is_its_own_anchor():
    links = [
        p.Link(1, p.LoadRule(p.E1RM, 65), completed=True),
        p.Link(2, p.LoadRule(p.E1RM, 70), completed=True),
    ]
    assert loads(p.chain_targets(links, p.Facts(e1rm_kg=100.0))) == [65.0, 70.0]


def test_progression_in_lb_adds_the_amount_and_rounds_to_5_lb():
    prog = p.Progression(p.ADD_LOAD, 5 * p.KG_PER_LB)
    links = chain(True, None, prog=prog, load=p.LoadRule(p.ABSOLUTE, 100 * p.KG_PER_LB))
    targets = p.chain_targets(links, p.Facts(), unit=LB)
    assert [round(p.in_unit(t.load_kg, LB), 6) for t in targets] == [100.0, 105.0]
    assert targets[1].rule == "+5 lb: last week all done"


def test_run_it_back_starts_an_absolute_anchor_from_what_was_lifted():
    links = [p.Link(1, SIXTY, ADD_2_5, start_kg=80.0, completed=True), p.Link(2, SIXTY, ADD_2_5)]
    assert loads(p.chain_targets(links, p.Facts())) == [80.0, 82.5]


def test_run_it_back_leaves_an_e1rm_rule_to_the_e1rm():
    links = [p.Link(1, p.LoadRule(p.E1RM, 50), start_kg=80.0)]
    assert loads(p.chain_targets(links, p.Facts(e1rm_kg=100.0))) == [50.0]


def test_descriptions_name_the_rules():
    assert p.describe_load(p.LoadRule(p.E1RM, 75), KG) == "75% e1RM"
    assert p.describe_load(p.LoadRule(p.LAST), KG) == "last time"
    prog = p.Progression(p.ADD_LOAD, 2.5, deload_week=4, deload_percent=60)
    assert (
        p.describe_progression(prog, KG)
        == "+2.5 kg a week when all sets done; deload week 4 at 60%"
    )
