"""How each cell of a filled-in action plan is read: dates, lengths, invisible characters, formulas, errors."""

import datetime

from submissions.action_plan_xlsx import read_recommendations
from tests.submissions.action_plan_files import filled, messages, recommendation, row, with_sheet_xml


def test_read_recommendations_bad_date_refused():
    file = filled(
        row("1", date="31/02/2026"), row("2", date="next year"), row("3", date="31/12/26"),
        row("4", date="31 Smarch 2026"), row("5", date=46022), row("6", date=datetime.time(9, 30)),
        row("7", date="３１/１２/２０２６"),
    )

    assert messages(file) == [f"Row {number}: target date must be a real date, for example 31/12/2026"
                              for number in range(2, 9)]


def test_read_recommendations_date_out_of_range_refused():
    file = filled(
        row("1", date=datetime.date(1999, 12, 31)), row("2", date="1 January 2101"),
        row("3", date=datetime.date(2000, 1, 1)), row("4", date="31/12/2100"),
    )

    result = read_recommendations(file)

    assert [row.target_date for row in result.rows] == [datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)]
    assert [error.message for error in result.errors] == [
        "Row 2: target date must be between 1 January 2000 and 31 December 2100",
        "Row 3: target date must be between 1 January 2000 and 31 December 2100",
    ]


def test_read_recommendations_over_long_text_refused():
    file = filled(
        row("1", text="x" * 5000, lead="y" * 200, action="z" * 5000, other=None),
        row("N" * 21, text="x" * 5001, lead="y" * 201, action="z" * 5001),
        row("3", scope="national", body="other", other="o" * 201),
    )

    assert messages(file) == [
        "Row 3: number must be 20 characters or fewer",
        "Row 3: recommendation text must be 5000 characters or fewer",
        "Row 3: lead agency must be 200 characters or fewer",
        "Row 3: action must be 5000 characters or fewer",
        "Row 4: name of the other national body must be 200 characters or fewer",
    ]


def test_read_recommendations_invisible_and_bidi_characters_refused():
    file = filled(
        row("1", text="Train\u200b staff", lead="Kent\u202e Police"),
        row("2", action="Run\u2066 training\u2069", scope="Local\u200d"),
        row("3", lead="Kent\u00adPolice", other="\x90"),
    )

    assert messages(file) == [
        "Row 2: recommendation text must not contain invisible characters",
        "Row 2: lead agency must not contain characters that change the direction of text",
        "Row 3: scope must not contain invisible characters",
        "Row 3: action must not contain characters that change the direction of text",
        "Row 4: name of the other national body must not contain control characters",
        "Row 4: lead agency must not contain invisible characters",
    ]


def test_read_recommendations_line_break_in_a_one_line_cell_read_as_a_space():
    file = filled(row("1", lead="Kent\nPolice", scope="Local\r\n"))

    assert read_recommendations(file).rows == [recommendation(lead="Kent Police")]


def test_read_recommendations_formula_without_saved_value_read_as_empty():
    file = filled(row("1", text="=UPPER(F2)", lead="Kent Police"))

    assert messages(file) == ["Row 2: enter the recommendation text"]


def test_read_recommendations_formula_with_saved_value_read_as_that_value():
    file = with_sheet_xml(
        filled(row("1", text="=UPPER(F2)", lead="Kent Police")),
        lambda xml: xml.replace(b'<c r="B2"><f>UPPER(F2)</f><v></v></c>',
                                b'<c r="B2" t="str"><f>UPPER(F2)</f><v>KENT POLICE</v></c>'),
    )

    assert read_recommendations(file).rows == [recommendation(text="KENT POLICE", lead="Kent Police")]


def test_read_recommendations_error_values_refused():
    file = filled(row("1", text="#REF!", lead="#N/A", date="#VALUE!"))

    assert messages(file) == [
        "Row 2: recommendation text must not be an error (#REF!)",
        "Row 2: lead agency must not be an error (#N/A)",
        "Row 2: target date must not be an error (#VALUE!)",
    ]


def test_read_recommendations_true_false_and_dates_in_text_columns_refused():
    file = filled(row(datetime.date(2026, 3, 1), text=True, lead=False, scope=1))

    assert messages(file) == [
        "Row 2: number must be text, not a date or time",
        "Row 2: recommendation text must be text, not TRUE or FALSE",
        "Row 2: scope must be local, regional or national",
        "Row 2: lead agency must be text, not TRUE or FALSE",
    ]


def test_read_recommendations_huge_strings_refused_by_length():
    # Far beyond Excel's 32,767 characters a cell, so written into the XML directly.
    file = with_sheet_xml(
        filled(row("1", text="HUGE-TEXT", scope="HUGE-SCOPE", date="HUGE-DATE")),
        lambda xml: xml.replace(b"HUGE-TEXT", b"x" * 1_000_000).replace(b"HUGE-SCOPE", b"L" * 1_000_000)
        .replace(b"HUGE-DATE", b"1" * 1_000_000),
    )

    assert messages(file) == [
        "Row 2: recommendation text must be 5000 characters or fewer",
        "Row 2: scope must be local, regional or national",
        "Row 2: target date must be a real date, for example 31/12/2026",
    ]
