"""The placeholder language of letter templates (panel.placeholders): what is reported, and what is filled."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from panel.composition import PARTS_BY_KEY, text_problems
from panel.placeholders import BLOCKS, PLACEHOLDERS, fill, problems

VALUES = {name: (lambda name=name: f"<{name}>") for name in PLACEHOLDERS}


def test_fill_puts_each_placeholder_in_place():
    text = " ".join(f"(({name}))" for name in PLACEHOLDERS)

    assert fill(text, VALUES) == " ".join(f"<{name}>" for name in PLACEHOLDERS)


def test_fill_calls_only_the_values_used():
    called = []
    values = {name: (lambda name=name: called.append(name) or name) for name in PLACEHOLDERS}

    assert fill("From ((area)) in ((meeting_month)), ((area)).", values) == "From area in meeting_month, area."
    assert called == ["area", "meeting_month", "area"]


@pytest.mark.parametrize("value", ["((chair))", "{{ area }}", "{% load static %}{% now 'Y' %}", "((area", "\\1 \\g<0>",
                                   "(((victim)))", "{{ request.user.password }}"])
def test_fill_value_is_inserted_as_written_never_read_again(value):
    values = {**VALUES, "area": lambda: value}

    assert fill("From ((area)), ((chair)).", values) == f"From {value}, <chair>."


def test_fill_placeholder_inside_round_brackets():
    assert fill("relevance (((national_actions)) of the Action Plan)", VALUES) == (
        "relevance (<national_actions> of the Action Plan)")


def test_problems_none_for_known_placeholders_and_plain_brackets():
    text = "Dear ((csp_contact_salutation)), (see ((national_actions)) ) and (a) (b) (((area))), 1) 2)."

    assert problems(text) == []


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("From ((areaa)).", ["has ((areaa)), which is not a placeholder: did you mean ((area))?"]),
        ("From ((nonsense)).", ["has ((nonsense)), which is not a placeholder: use one from the list of placeholders"]),
        ("From (( area )).", ["has (( area )): write it as ((area)), in lower case with no spaces"]),
        ("From ((Meeting Month)).", ["has ((Meeting Month)): write it as ((meeting_month)), in lower case with no "
                                    "spaces"]),
        ("From ((meeting-date)).", ["has ((meeting-date)): write it as ((meeting_date)), in lower case with no "
                                    "spaces"]),
        ("From (()).", ["has (()) with no placeholder name between the brackets"]),
        ("From ((   )).", ["has ((   )) with no placeholder name between the brackets"]),
        ("From ((area in ((meeting_month)).", ['has "((area in" with no closing brackets: write placeholders as '
                                               "((area))"]),
        ("From ((area).", ['has "((area)." with no closing brackets: write placeholders as ((area))']),
        ("From area)) today.", ['has "From area))" with no opening brackets: write placeholders as ((area))']),
        ("See ((issues)).", ["has ((issues)), which the layout places between paragraphs: it cannot go inside one"]),
        ("See ((Commendation)).", ["has ((Commendation)): write it as ((commendation)), in lower case with no "
                                   "spaces"]),
        ("From {{ area }}.", ['has "{{ area }}": write placeholders with double round brackets, as ((area))']),
        ("From {{ area|upper }}.", ['has "{{ area|upper }}": write placeholders with double round brackets, as '
                                    "((area))"]),
        ("{% now 'Y' %}", ['has "{% now \'Y\' %}": write placeholders with double round brackets, as ((area))']),
        ("From {{ area", ['has "{{": write placeholders with double round brackets, as ((area))']),
        ("(see (((national_actions))))", ['has "(national_actions))))" with no opening brackets: write placeholders '
                                          "as ((area))"]),
        ("((((area))))", ['has "((" with no closing brackets: write placeholders as ((area))',
                          'has "area))))" with no opening brackets: write placeholders as ((area))']),
        ("((a)) and ((b))", ["has ((a)), which is not a placeholder: use one from the list of placeholders",
                             "has ((b)), which is not a placeholder: use one from the list of placeholders"]),
    ],
)
def test_problems_reported_by_name(text, found):
    assert problems(text) == found


def test_problems_long_unknown_name_shortened():
    assert problems("((" + "x" * 500 + "))") == [
        "has ((" + "x" * 30 + "…)), which is not a placeholder: use one from the list of placeholders"]


def test_problems_placeholder_not_available_here():
    assert problems("((national_actions))", unavailable={"national_actions": "only in the introduction"}) == [
        "has ((national_actions)), which can be used only in the introduction"]


def test_text_problems_national_actions_only_where_national_responses_are():
    assert text_problems(PARTS_BY_KEY["national_intro"], "(((national_actions)) of the plan)") == []
    assert text_problems(PARTS_BY_KEY["opening"], "(((national_actions)) of the plan)") == [
        "has ((national_actions)), which can be used only in the paragraph introducing the national responses"]


def test_text_problems_empty_and_too_long():
    assert text_problems(PARTS_BY_KEY["opening"], "  ") == ["is empty"]
    assert text_problems(PARTS_BY_KEY["issues_heading"], "") == []
    assert text_problems(PARTS_BY_KEY["sign_off"], "x" * 101) == ["must be 100 characters or fewer"]


def test_block_names_are_not_inline_placeholders():
    assert set(BLOCKS) & set(PLACEHOLDERS) == set()
    assert sorted(BLOCKS) == ["commendation", "issues", "national_responses"]


@given(st.text(alphabet="(){}% are", max_size=60))
def test_problems_never_crash_and_clean_text_fills_without_brackets(text):
    found = problems(text)

    if not found:
        assert "((" not in fill(text, VALUES).replace("(<", "")
        assert "{{" not in text and "{%" not in text


@given(st.text(max_size=200))
def test_problems_never_crash_on_any_text(text):
    assert isinstance(problems(text), list)
