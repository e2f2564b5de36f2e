"""The letter PDF, read back with pdftotext (poppler), as a reader would see it, and with pikepdf."""

import copy
import datetime
import io
import re
import subprocess
import time

import pytest
from django.core.management import CommandError, call_command
from pyhanko.pdf_utils.reader import PdfFileReader

from panel.pdf import format_letter_date, render_letter_pdf
from panel.signing import validate_signature
from tests.panel.letter_files import archival_facts, figures, signed_letter, stored_pdf

KENT_PARAGRAPHS_BEFORE_BULLETS = [
    "Thank you for submitting the Domestic Homicide Review (DHR) report from Kent to the Home Office "
    "Quality Assurance (QA) Panel. The review was considered at the QA Panel meeting in January.",
    "The QA Panel would like to thank you for conducting this review and for providing them with the "
    "final report. In terms of the assessment of DHR reports the QA Panel judges them as either adequate "
    "or inadequate. It is clear that a lot of effort has gone into producing this report, and I am "
    "pleased to tell you that it has been judged as adequate by the QA Panel.",
    "The QA Panel would like to commend you on this report, which the QA Panel felt demonstrated a good "
    "understanding of domestic violence.",
    "There were some issues that the Panel felt might benefit from more detail and which you may wish "
    "to consider before you publish the final report:",
]
KENT_BULLETS = [
    'Paragraph 5.12 of Executive Summary which states there is "...no concrete evidence that either '
    "Christopher or Elizabeth displayed any real desire to change their lifestyle in order to reduce "
    'the risks that they posed to each other and their children", could appear to a reader to be '
    "victim blaming. The Panel considered the text could be amended to ensure it remains victim focussed;",
    "The Panel considered that including some more text that explores the role of the other relevant "
    "agencies would be helpful; and,",
    "Please explicitly draw out the links between the recommendations in the report and the Action "
    "Plan, to support proper governance to monitor the progress of the Community Safety Partnership on "
    "each of the recommendations.",
]
KENT_URL = "https://www.gov.uk/government/uploads/system/uploads/attachment_data/file/143782/dhr-report-guide.pdf"
KENT_PARAGRAPHS_AFTER_BULLETS = [
    "The QA Panel also notes there are a number of recommendations that are of national relevance "
    "(Actions three to eight of the Action Plan). Action three will be communicated to Ministry of "
    "Justice colleagues, and they will explore your suggestion regarding strategic level engagement "
    "with Probation Trusts. A response will be sent directly to you following their consideration.",
    'The QA Panel also noted Action four which suggested that "The Home Office...consider issuing '
    "guidance to police forces regarding [the] transfer of information between police forces when "
    'victims and offenders involved in domestic abuse move". The Police National Database already '
    "enables users to access all events records relating to domestic incidents regardless of location, "
    "or place of residence. We will discuss with the College of Policing whether further guidance or "
    "training is needed to ensure police use the system to its fullest capability.",
    "On actions five, six, and eight regarding the Home Office working at national level with health "
    "colleagues, including mental health, the QA Panel consider that the Statutory Guidance clearly "
    "sets out the responsibilities of such statutory agencies, to assist in the DHR process to produce "
    "the most effective review possible. For example, the Clinical Commissioning Groups, and the NHS "
    "England. The Home Office will discuss with the relevant health agencies at a national level, to "
    "promote improved engagement with this process.",
    "On action seven, that recommends the Home Office issues guidance regarding the involvement in the "
    "DHR of persons convicted of domestic homicide, who have been victims of domestic abuse, the "
    '"Home Office Domestic Homicide Review Toolkit Guide to Overview Report Writing" should assist, as '
    'it suggests the Chairs should do their "...best to hear from the victim\'s family, the perpetrator '
    'and from others who might have known, such as friends, colleagues, employer and those in the local '
    'community". The Guide can be found at:',
    KENT_URL,
    "Also, where the Chair wishes to interview the perpetrator potential disclosure issues should be "
    "discussed with the police Senior Investigating Officer, the CPS and the Coroner representative as "
    "appropriate as set out in section nine of the Statutory Guidance.",
    "We do not need to see another version of the report, but I would ask you to include this letter "
    "as an appendix to the report when published.",
]
KENT_SIGNATORY_TITLES = [
    "Acting Chair of the Home Office Quality Assurance Panel",
    "Head of the Interpersonal Violence Team, Violent Crime Unit",
]
KENT_DATE = datetime.date(2014, 2, 6)
KENT_CONTENT = {
    "letterhead": {
        "unit": "Violent Crime Unit",
        "address_lines": ["2 Marsham Street", "London", "SW1P 4DF"],
        "phone": "020 7035 4848",
        "fax": "020 7035 4745",
        "website": "www.homeoffice.gov.uk",
    },
    "addressee": {
        "name": "Councillor Michael Hill OBE",
        "title": "",
        "organisation": "Kent County Council",
        "address_lines": ["Room G.60", "Sessions House", "County Hall", "Maidstone", "ME14 1XQ"],
    },
    "salutation": "Dear Mr Hill,",
    "blocks": [
        *({"kind": "paragraph", "text": text} for text in KENT_PARAGRAPHS_BEFORE_BULLETS),
        {"kind": "bullets", "items": KENT_BULLETS},
        *({"kind": "paragraph", "text": text} for text in KENT_PARAGRAPHS_AFTER_BULLETS),
    ],
    "closing": "Yours sincerely,",
    "signatory": {"name": "Christian Papaleontiou", "titles": KENT_SIGNATORY_TITLES},
    "reference": "KENT-2014-01",
}
# What pikepdf finds in a letter straight from WeasyPrint: PDF/A-2b, tagged, every font embedded.
ARCHIVAL = {
    "version": "1.7",
    "catalog_version": None,
    "encrypted": False,
    "pdfaid": ("2", "B"),
    "output_intents": [("/GTS_PDFA1", True)],
    "fonts": 2,
    "fonts_not_embedded": [],
    "marked": True,
    "has_structure_tree": True,
    "lang": "en-GB",
    "title": "Home Office QA Panel letter – KENT-2014-01",
    "info_agrees_with_xmp": True,
}


@pytest.fixture
def kent_content():
    """The 2014 Kent letter (shared/reference/qa-letter-2014-kent.txt) in the app's content schema."""
    return copy.deepcopy(KENT_CONTENT)


def longer(content, times):
    """`content` with its blocks `times` over: a letter of more pages."""
    return {**content, "blocks": content["blocks"] * times}


def extract_text(pdf_bytes, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf_bytes)
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def page_texts(pdf_bytes):
    """Each page's words, page by page (pdftotext separates pages with a form feed)."""
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf_bytes, capture_output=True,
                          check=True).stdout.decode()
    return [words(page) for page in text.split("\f")[:-1]]


def words(text):
    return " ".join(text.split())


def body_words(text):
    """The words of the letter without the page footers, which may fall mid-paragraph."""
    return words(re.sub(r"^Page \d+ of \d+$", "", text, flags=re.MULTILINE))


def test_format_letter_date_has_no_leading_zero():
    assert format_letter_date(KENT_DATE) == "6 February 2014"


def test_render_letter_pdf_final_has_every_part_of_the_letter(kent_content, tmp_path):
    text = body_words(extract_text(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True), tmp_path))

    expected_in_order = [
        "Violent Crime Unit 2 Marsham Street London SW1P 4DF T 020 7035 4848 F 020 7035 4745 "
        "www.homeoffice.gov.uk",
        "Councillor Michael Hill OBE Kent County Council Room G.60 Sessions House County Hall Maidstone "
        "ME14 1XQ",
        "Our reference: KENT-2014-01",
        "6 February 2014",
        "Dear Mr Hill,",
        *KENT_PARAGRAPHS_BEFORE_BULLETS,
        *KENT_BULLETS,
        *[paragraph for paragraph in KENT_PARAGRAPHS_AFTER_BULLETS if paragraph != KENT_URL],
        "Yours sincerely, Christian Papaleontiou " + " ".join(KENT_SIGNATORY_TITLES),
    ]
    positions = [text.find(words(part)) for part in expected_in_order]
    assert -1 not in positions, [part for part, at in zip(expected_in_order, positions) if at == -1]
    assert positions == sorted(positions)
    assert text.startswith("Violent Crime Unit")  # the logo adds no text
    assert "DRAFT" not in text
    assert "Awaiting the chair's signature" not in text
    assert text.count("KENT-2014-01") == 1


def test_render_letter_pdf_long_url_wraps_without_losing_characters(kent_content, tmp_path):
    text = extract_text(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True), tmp_path)

    # overflow-wrap may break the URL across lines; no character may go missing, and none is added.
    assert KENT_URL in "".join(text.split())
    assert "\u200b" not in text


def test_render_letter_pdf_numbers_pages_from_the_second(kent_content):
    pages = page_texts(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True))

    assert [re.findall(r"Page \d+ of \d+", page) for page in pages] == [[], ["Page 2 of 2"]]


def test_render_letter_pdf_longer_letter_numbers_every_page_but_the_first(kent_content):
    pages = page_texts(render_letter_pdf(longer(kent_content, 2), letter_date=KENT_DATE, final=True))

    assert [re.findall(r"Page \d+ of \d+", page) for page in pages] == [
        [], *([f"Page {number} of {len(pages)}"] for number in range(2, len(pages) + 1))]
    assert len(pages) == 4


def test_render_letter_pdf_draft_is_marked_on_every_page(kent_content):
    pages = page_texts(render_letter_pdf(longer(kent_content, 2), letter_date=KENT_DATE, final=False))

    assert len(pages) == 3
    assert [page.startswith("DRAFT – not signed ") for page in pages] == [True] * 3
    assert [page.count("DRAFT") for page in pages] == [1] * 3  # the diagonal mark is drawn, not text


def test_render_letter_pdf_draft_has_the_diagonal_mark_on_every_page(kent_content):
    draft = render_letter_pdf(longer(kent_content, 2), letter_date=KENT_DATE, final=False)
    final = render_letter_pdf(longer(kent_content, 2), letter_date=KENT_DATE, final=True)

    # The mark is a Figure whose alternative text a screen reader reads on each page (3 in the draft).
    assert sorted(figures(draft)) == ["DRAFT – not signed"] * 3 + ["Home Office"]
    assert figures(final) == ["Home Office"]


def test_render_letter_pdf_draft_is_unsigned(kent_content, tmp_path):
    text = body_words(extract_text(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=False), tmp_path))

    assert "Yours sincerely, Awaiting the chair's signature" in text
    assert "Christian Papaleontiou" not in text
    assert "Acting Chair of the Home Office Quality Assurance Panel" not in text


def test_render_letter_pdf_final_is_nowhere_marked_draft(kent_content):
    pages = page_texts(render_letter_pdf(longer(kent_content, 2), letter_date=KENT_DATE, final=True))

    assert [page.count("DRAFT") for page in pages] == [0] * 4


def test_render_letter_pdf_html_in_text_is_shown_literally(kent_content, tmp_path):
    kent_content["blocks"] = [
        {"kind": "paragraph", "text": "Bold is written <b>x</b> & stays text."},
        {"kind": "bullets", "items": ["<script>alert(1)</script>"]},
    ]

    text = words(extract_text(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True), tmp_path))

    assert "Bold is written <b>x</b> & stays text." in text
    assert "<script>alert(1)</script>" in text


def test_render_letter_pdf_long_html_in_text_is_shown_literally(kent_content, tmp_path):
    # A long text is laid out in pieces (panel.pdf._in_pieces), escaped there rather than by the template.
    markup = "<img src='file:///etc/passwd'> & <b>bold</b> " * 60
    kent_content["blocks"] = [{"kind": "paragraph", "text": markup}]

    text = words(extract_text(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True), tmp_path))

    assert words(markup) in text


def test_render_letter_pdf_empty_lines_are_omitted(kent_content, tmp_path):
    kent_content["letterhead"]["fax"] = ""
    kent_content["addressee"]["address_lines"] = ["Room G.60", "", "Maidstone"]

    text = extract_text(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True), tmp_path)

    assert [line for line in text.splitlines() if line.startswith("F ")] == []
    assert "T 020 7035 4848 www.homeoffice.gov.uk" in words(text)
    assert "Kent County Council Room G.60 Maidstone Our reference: KENT-2014-01 6 February 2014" in words(text)


def test_render_letter_pdf_sets_title_author_and_language(kent_content, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True))

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines())

    assert fields["Title"].strip() == "Home Office QA Panel letter – KENT-2014-01"
    assert fields["Author"].strip() == "Home Office DHR Quality Assurance Panel"
    assert fields["Pages"].strip() == "2"
    assert fields["Page size"].strip() == "595.276 x 841.89 pts (A4)"
    assert fields["Tagged"].strip() == "yes"
    assert PdfFileReader(io.BytesIO(path.read_bytes())).root["/Lang"] == "en-GB"


@pytest.mark.parametrize("final", [True, False])
def test_render_letter_pdf_is_tagged_pdf_a_2b_with_fonts_embedded(kent_content, final):
    assert archival_facts(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=final)) == ARCHIVAL


def test_render_letter_pdf_logo_is_a_figure_with_alternative_text(kent_content):
    assert figures(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True)) == ["Home Office"]


def test_render_letter_pdf_letterhead_without_logo_has_none(kent_content, tmp_path):
    kent_content["letterhead"]["logo"] = ""

    pdf = render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True)

    assert figures(pdf) == []
    assert body_words(extract_text(pdf, tmp_path)).startswith("Violent Crime Unit 2 Marsham Street")


def test_render_letter_pdf_names_a_bundled_logo(kent_content):
    kent_content["letterhead"]["logo"] = "home-office"

    assert figures(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True)) == ["Home Office"]


def test_render_letter_pdf_unknown_logo_is_refused(kent_content):
    kent_content["letterhead"]["logo"] = "../../../etc/passwd"

    with pytest.raises(ValueError, match="^The letterhead names a logo that is not bundled: '../../../etc/passwd'$"):
        render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True)


def test_render_letter_pdf_hyphenated_words_are_never_split_across_lines(kent_content, tmp_path):
    # pdftotext joins "multi-" at a line end with the next line as "multiagency".
    kent_content["blocks"] = [{"kind": "paragraph", "text": " ".join(["a multi-agency co-ordinated review"] * 40)}]

    text = body_words(extract_text(render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True), tmp_path))

    assert text.count("multi-agency co-ordinated") == 40
    assert "\u2060" not in text


@pytest.mark.parametrize(("issue", "read_back"), [
    pytest.param("x" * 100_000, True, id="one unbroken word"),
    pytest.param("i " * 50_000, True, id="narrow words"),
    # pdftotext drops a hyphen that ends a line, so the run does not read back whole.
    pytest.param("-" * 100_000, False, id="hyphens"),
])
def test_render_letter_pdf_100000_character_issue_lays_out_in_seconds(kent_content, tmp_path, issue, read_back):
    render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True)  # fonts and stylesheet loaded
    kent_content["blocks"] = [{"kind": "bullets", "items": [issue]}]

    started = time.perf_counter()
    pdf = render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True)
    seconds = time.perf_counter() - started

    # Before the stylesheet and panel.pdf broke long runs, the unbroken word took about 97 s; now about
    # 2 s on a quiet machine. The bound leaves room for a machine busy with other work.
    assert seconds < 30, f"{seconds:.1f} s"
    if not read_back:
        return
    text = body_words(extract_text(pdf, tmp_path))
    issue_text = text[text.index("Dear Mr Hill,") + len("Dear Mr Hill,"):text.index("Yours sincerely,")]
    assert "".join(issue_text.split()) == "•" + "".join(issue.split())


def test_render_letter_pdf_unknown_block_kind_is_refused(kent_content):
    kent_content["blocks"] = [{"kind": "table", "rows": []}]

    with pytest.raises(ValueError, match="unknown kind 'table'"):
        render_letter_pdf(kent_content, letter_date=KENT_DATE, final=True)


def test_sign_letter_stores_a_tagged_pdf_a_2b_whose_signature_validates(rendered_draft, secretariat, chair,
                                                                        signing_certificate, settings):
    letter = signed_letter(rendered_draft, secretariat=secretariat, chair=chair)
    pdf = stored_pdf(letter)

    check = validate_signature(pdf, trust_cert_path=settings.DHRQA_SIGNING_CERT_PATH)

    reference = letter.content["reference"]
    assert archival_facts(pdf) == {**ARCHIVAL, "title": f"Home Office QA Panel letter – {reference}"}
    assert (check.intact, check.valid, check.trusted, check.covers_whole_file) == (True, True, True, True)


def test_letter_pdf_command_writes_the_signed_letter_as_stored(rendered_draft, secretariat, chair, signing_certificate,
                                                              tmp_path):
    letter = signed_letter(rendered_draft, secretariat=secretariat, chair=chair)
    out = tmp_path / "letter.pdf"

    output = io.StringIO()
    call_command("letter_pdf", letter.content["reference"], "--out", str(out), stdout=output)

    assert out.read_bytes() == stored_pdf(letter)
    assert output.getvalue() == f"Wrote {out} ({out.stat().st_size:,} bytes)\n"


def test_letter_pdf_command_writes_a_draft_marked_draft(rendered_draft, tmp_path):
    out = tmp_path / "letter.pdf"

    call_command("letter_pdf", rendered_draft.content["reference"], "--out", str(out), stdout=io.StringIO())

    pages = page_texts(out.read_bytes())
    assert [page.startswith("DRAFT – not signed ") for page in pages] == [True] * len(pages)
    assert "Awaiting the chair's signature" in pages[-1]


def test_letter_pdf_command_unknown_reference_is_an_error(db, tmp_path):
    with pytest.raises(CommandError, match="^No verdict has been recorded for a review with reference 'NOPE-1'$"):
        call_command("letter_pdf", "NOPE-1", "--out", str(tmp_path / "letter.pdf"))

    assert not (tmp_path / "letter.pdf").exists()
