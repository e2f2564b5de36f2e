"""Lay out a QA Panel letter as a PDF with WeasyPrint.

The letter's words come from `content`, which the app composes and freezes;
this module only decides where they sit on the page. The layout follows the
Home Office letters of 2014: letterhead top right, addressee top left, A4,
Liberation Sans (metric-compatible with Arial), page numbers in the footer.
"""

import datetime
import functools
import re
import threading

import weasyprint
from django.conf import settings
from django.template.loader import render_to_string
from weasyprint.text.fonts import FontConfiguration

from dhrqa.dates import govuk_date

TEMPLATE_NAME = "panel/letter_pdf/letter.html"
BLOCK_KINDS = {"paragraph", "heading", "bullets", "numbered"}
PDF_AUTHOR = "Home Office DHR Quality Assurance Panel"

# A word joiner after a hyphen inside a word stops the line breaking there:
# text extractors (pdftotext, screen readers) read "multi-\nagency" at a line
# end as "multiagency". The joiner is invisible and not extracted.
_HYPHEN_IN_WORD = re.compile(r"(?<=\S)-(?=\S)")
WORD_JOINER = "\u2060"

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


def _refuse_every_url(url, *args, **kwargs):
    # A letter needs nothing from outside: its fonts are the system's and its
    # stylesheet is loaded by name. Refusing every URL keeps text that finds
    # its way into the HTML from reading files or reaching the network.
    raise ValueError(f"Letters load no resources: refused {url[:100]!r}")


def format_letter_date(letter_date: datetime.date) -> str:
    """Format a date the way the letters do: "6 February 2014", no leading zero."""
    return govuk_date(letter_date)


def _keep_hyphenated_words_whole(value):
    if isinstance(value, str):
        return _HYPHEN_IN_WORD.sub("-" + WORD_JOINER, value)
    if isinstance(value, list):
        return [_keep_hyphenated_words_whole(item) for item in value]
    if isinstance(value, dict):
        return {key: _keep_hyphenated_words_whole(item) for key, item in value.items()}
    return value


def _check_blocks(blocks):
    for position, block in enumerate(blocks):
        if block.get("kind") not in BLOCK_KINDS:
            raise ValueError(f"Letter block {position} has unknown kind {block.get('kind')!r}")


def render_letter_pdf(content: dict, *, letter_date: datetime.date, final: bool) -> bytes:
    """Render a letter's content to PDF bytes.

    Steps:
    1. Check every block is a paragraph or a bullet list.
    2. Keep hyphenated words on one line (see `_HYPHEN_IN_WORD`).
    3. Render `panel/letter_pdf/letter.html` with the content (autoescaped:
       the content is plain text).
    4. Lay it out with WeasyPrint, sharing one font configuration and one
       parsed stylesheet per process.

    A draft (`final=False`) carries "DRAFT – not signed" at the top of every
    page and "Awaiting the chair's signature" in place of the signatory.
    The reference goes in the PDF title, never in the body.
    """
    _check_blocks(content.get("blocks", []))
    html = render_to_string(
        TEMPLATE_NAME,
        {
            "letter": _keep_hyphenated_words_whole(content),
            "reference": content.get("reference", ""),
            "letter_date": format_letter_date(letter_date),
            "final": final,
            "pdf_author": PDF_AUTHOR,
        },
    )
    document = weasyprint.HTML(string=html, base_url=str(_template_dir()), url_fetcher=_refuse_every_url)
    # Rendering is not documented as thread-safe and the font configuration
    # is shared, so threads in one process take turns.
    with _lock:
        return document.write_pdf(
            stylesheets=[_stylesheet()],
            font_config=_font_config(),
            pdf_tags=True,
        )
