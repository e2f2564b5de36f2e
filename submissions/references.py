"""Home Office references for reviews, in the format the settings give."""

import string

from django.conf import settings

from dhrqa.converters import REFERENCE_PATTERN

PLACEHOLDERS = ("csp", "year", "number")
# The longest CSP code (CommunitySafetyPartnership.code) and a review number in the thousands
# must still give a reference that fits.
LONGEST_CSP_CODE = "X" * 20
LARGE_NUMBER = 9999


def format_reference(*, csp_code, year, number, template=None):
    """The reference for a CSP's `number`th review registered in `year`, e.g. KENT-2026-03."""
    template = template or settings.DHRQA_REFERENCE_FORMAT
    # CSP codes are slugs, which may hold underscores; references hold only hyphens.
    return template.format(csp=csp_code.upper().replace("_", "-"), year=year, number=number)


def reference_format_problem(template):
    """Why `template` cannot number reviews, or None. Used by a system check at start-up."""
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:
        return f"it cannot be read ({error})"
    unknown = names - set(PLACEHOLDERS)
    if unknown:
        return (f"it uses {', '.join('{' + name + '}' for name in sorted(unknown))}; "
                "only {csp}, {year} and {number} are known")
    if names != set(PLACEHOLDERS):
        # Reviews are numbered from 1 for each CSP in each year.
        return "it must contain each of {csp}, {year} and {number}, or two reviews would share a reference"
    for csp_code, number in (("KENT", 123), (LONGEST_CSP_CODE, LARGE_NUMBER)):
        try:
            example = format_reference(csp_code=csp_code, year=2026, number=number, template=template)
        except (ValueError, KeyError, IndexError) as error:
            return f"it cannot be filled in ({error})"
        if not REFERENCE_PATTERN.fullmatch(example):
            return (f"it gives {example!r}; a reference may hold only capital letters, digits and hyphens, "
                    "up to 40")
    return None
