"""Lay out a QA Panel letter as a PDF with WeasyPrint.

The letter's words come from `content`, which the app composes and freezes;
this module only decides where they sit on the page. The layout follows the
Home Office letters of 2014: logo top left, letterhead top right, addressee,
reference and date, on A4 in Liberation Sans (metric-compatible with Arial),
with page numbers from the second page on.

The file is PDF/A-2b (archival: fonts embedded, an sRGB output intent, XMP
metadata) and tagged for screen readers, with its title, author and
language (en-GB) set. PDF/A-2 rests on PDF 1.7, whose incremental updates
carry the PAdES signature that panel.signing appends without breaking it.
"""

import datetime
import functools
import re
import threading

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe
from weasyprint.text.fonts import FontConfiguration

from dhrqa.dates import govuk_date
from panel.enums import LetterLogo

TEMPLATE_NAME = "panel/letter_pdf/letter.html"
BLOCK_KINDS = {"paragraph", "heading", "bullets", "numbered"}
PDF_AUTHOR = "Home Office DHR Quality Assurance Panel"
PDF_VARIANT = "pdf/a-2b"

# The logos shipped with the app, by the name a letterhead's `logo` gives:
# templates/panel/letter_pdf/logos/<name>.svg. A letterhead without `logo`
# gets DEFAULT_LOGO; one whose `logo` is empty gets none.
# The names are panel.enums.LetterLogo's, which a letter template's form offers.
LOGOS = {logo.value: f"{logo.label} wordmark" for logo in LetterLogo}
DEFAULT_LOGO = LetterLogo.HOME_OFFICE.value

# A word joiner after a hyphen inside a word stops the line breaking there:
# text extractors (pdftotext, screen readers) read "multi-\nagency" at a line
# end as "multiagency". The joiner is invisible and not extracted.
_HYPHEN_IN_WORD = re.compile(r"(?<=\S)-(?=\S)")
WORD_JOINER = "\u2060"

# A run of text with no break opportunity costs WeasyPrint time that grows
# with the square of its length: each line is broken by laying out the whole
# rest of the run again (100,000 characters took 97 s). A zero-width space
# every BREAK_EVERY characters of a run longer than LONG_RUN lets each line be
# laid out from a short piece. Nothing is drawn for it, and pdftotext does
# not extract it, so a long URL still reads whole. No real word is this long.
_LONG_RUN = re.compile(r"[^ \t\r\n]{81,}")
BREAK_EVERY = 20
ZERO_WIDTH_SPACE = "\u200b"
# WeasyPrint lays out a text's first line from a piece of it, but the whole
# rest of the text when the piece fits on one line, which narrow characters
# ("i i i", hyphens) make happen on every line: 100,000 of them took 34 s.
# So a long text is laid out as pieces of at most PIECE characters, each an
# inline box of its own, cut after a space or a zero-width space.
PIECE = 400

_lock = threading.Lock()


def _template_dir():
    return settings.BASE_DIR / "templates" / "panel" / "letter_pdf"


@functools.cache
def _font_config():
    # One per process: each FontConfiguration keeps its own fontconfig state,
    # so making a new one per render grows memory with every letter.
    return FontConfiguration()


@functools.cache
def _stylesheet():
    return weasyprint.CSS(filename=_template_dir() / "letter.css", font_config=_font_config())


@functools.cache
def _logo_svg(name):
    # Inlined into the HTML, so the URL fetcher is never asked for it.
    return mark_safe((_template_dir() / "logos" / f"{name}.svg").read_text(encoding="utf-8"))


def _refuse_every_url(url, *args, **kwargs):
    # A letter needs nothing from outside: its fonts are the system's, its
    # stylesheet is loaded by name and its logo is inlined. Refusing every
    # URL keeps text that finds its way into the HTML from reading files or
    # reaching the network.
    raise ValueError(f"Letters load no resources: refused {url[:100]!r}")


def format_letter_date(letter_date: datetime.date) -> str:
    """Format a date the way the letters do: "6 February 2014", no leading zero."""
    return govuk_date(letter_date)


def _break_long_runs(match):
    run = match.group()
    return ZERO_WIDTH_SPACE.join(run[start:start + BREAK_EVERY] for start in range(0, len(run), BREAK_EVERY))


def _in_pieces(text):
    """`text`, escaped, as <span>s of at most PIECE characters, if it is long; else as it is."""
    if len(text) <= 2 * PIECE:
        return text
    pieces, start = [], 0
    while len(text) - start > PIECE:
        cut = max(text.rfind(" ", start, start + PIECE), text.rfind(ZERO_WIDTH_SPACE, start, start + PIECE))
        cut = cut + 1 if cut > start else start + PIECE
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return mark_safe("".join(f"<span>{escape(piece)}</span>" for piece in pieces))


def _prepared(value):
    """`value` with hyphenated words kept whole and long texts made quick to lay out, in every string inside it."""
    if isinstance(value, str):
        return _in_pieces(_HYPHEN_IN_WORD.sub("-" + WORD_JOINER, _LONG_RUN.sub(_break_long_runs, value)))
    if isinstance(value, list):
        return [_prepared(item) for item in value]
    if isinstance(value, dict):
        return {key: _prepared(item) for key, item in value.items()}
    return value


def _check_blocks(blocks):
    for position, block in enumerate(blocks):
        if block.get("kind") not in BLOCK_KINDS:
            raise ValueError(f"Letter block {position} has unknown kind {block.get('kind')!r}")


def _logo_for(letterhead):
    name = letterhead.get("logo", DEFAULT_LOGO)
    if not name:
        return ""
    if name not in LOGOS:
        raise ValueError(f"The letterhead names a logo that is not bundled: {str(name)[:50]!r}")
    return _logo_svg(name)


def pdf_title(reference: str) -> str:
    """The PDF's title: what a screen reader announces and a viewer's title bar shows."""
    return f"Home Office QA Panel letter – {reference}" if reference else "Home Office QA Panel letter"


def letter_html(content: dict, *, letter_date: datetime.date, final: bool) -> str:
    """The letter as the HTML that WeasyPrint lays out (steps 1 to 3 of `render_letter_pdf`)."""
    _check_blocks(content.get("blocks", []))
    reference = content.get("reference", "")
    return render_to_string(
        TEMPLATE_NAME,
        {
            "letter": _prepared(content),
            "logo_svg": _logo_for(content.get("letterhead") or {}),
            "reference": reference,
            "pdf_title": pdf_title(reference),
            "letter_date": format_letter_date(letter_date),
            "final": final,
            "pdf_author": PDF_AUTHOR,
        },
    )


def render_letter_pdf(content: dict, *, letter_date: datetime.date, final: bool) -> bytes:
    """Render a letter's content to PDF bytes.

    Steps:
    1. Check every block is a paragraph, heading, bullet or numbered list,
       and the letterhead's logo is one we ship (`LOGOS`).
    2. Keep hyphenated words on one line and make very long runs of text
       breakable (see `_HYPHEN_IN_WORD` and `_LONG_RUN`).
    3. Render `panel/letter_pdf/letter.html` with the content (autoescaped:
       the content is plain text) and the logo inlined.
    4. Lay it out with WeasyPrint as tagged PDF/A-2b, sharing one font
       configuration and one parsed stylesheet per process, fetching nothing.

    A draft (`final=False`) carries "DRAFT – not signed" at the top of every
    page and a large pale "DRAFT" across it, and "Awaiting the chair's
    signature" in place of the signatory. Pages are numbered from the second.
    """
    html = letter_html(content, letter_date=letter_date, final=final)
    document = weasyprint.HTML(string=html, base_url=str(_template_dir()), url_fetcher=_refuse_every_url)
    # Rendering is not documented as thread-safe and the font configuration
    # is shared, so threads in one process take turns.
    with _lock:
        return document.write_pdf(
            stylesheets=[_stylesheet()],
            font_config=_font_config(),
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
        )
