"""What people may type: text that reads the same to everyone who sees it.

Names, pseudonyms and reasons are shown on pages, in e-mails and in signed
letters. Characters that are invisible, that reorder what is displayed
(bidirectional overrides), or that break a line inside a one-line value
would let a value look different from what it is, so they are refused
with a message rather than silently removed.
"""

import unicodedata

# Bidirectional embeddings, overrides and isolates, and the implicit marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Zero-width and other invisible formatting characters.
INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e")
LINE_BREAKS = frozenset("\n\r\u2028\u2029\u0085\x0b\x0c")


def text_problem(value, *, multiline=False):
    """Why `value` cannot be kept as typed, as the end of a sentence, or None.

    The answer completes "<Field> ...", e.g. "must not contain a line break".
    `multiline` allows line breaks and tabs (text areas).
    """
    for char in value:
        if char in LINE_BREAKS:
            if not multiline:
                return "must be on one line"
            continue
        if char == "\t" and multiline:
            continue
        if char in BIDI_CONTROLS:
            return "must not contain characters that change the direction of text"
        if char in INVISIBLE:
            return "must not contain invisible characters"
        category = unicodedata.category(char)
        if category in ("Cc", "Cs", "Co", "Cn"):
            return "must not contain control characters"
        if category == "Cf":
            return "must not contain invisible characters"
    if not any(not char.isspace() for char in value):
        return "must contain letters or numbers"
    return None


def normalise(value, *, multiline=False):
    """NFC, trimmed; one-line values with runs of spaces collapsed; line endings as \\n."""
    value = unicodedata.normalize("NFC", value)
    if multiline:
        lines = value.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        return "\n".join(line.rstrip() for line in lines).strip()
    return " ".join(value.split())
