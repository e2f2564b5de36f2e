"""The service's own CSS: every `app-` class a template uses is styled, and long text wraps where it must."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "templates"
APP_CSS = Path(settings.BASE_DIR) / "static" / "css" / "app.css"


def css_rules():
    """{selector: declarations} from app.css, comments removed."""
    css = re.sub(r"/\*.*?\*/", "", APP_CSS.read_text(), flags=re.S)
    rules = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for selector in selectors.split(","):
            rules.setdefault(selector.strip(), []).extend(
                " ".join(declaration.split()) for declaration in body.split(";") if declaration.strip())
    return rules


def template_classes():
    classes = set()
    for template in TEMPLATES.rglob("*.html"):
        for attribute in re.findall(r'class="([^"]*)"', template.read_text()):
            classes.update(name for name in attribute.split() if name.startswith("app-"))
    return classes


def test_app_css_styles_every_app_class_the_templates_use():
    styled = {selector.split(":")[0].removeprefix(".") for selector in css_rules()}

    assert sorted(template_classes() - styled) == []


def test_app_css_long_text_wraps_in_tables_and_letter_previews():
    rules = css_rules()

    assert [name for name in (".app-wrap", ".app-letter-preview", ".app-fingerprint", ".app-secret-link")
            if "overflow-wrap: anywhere" not in rules.get(name, [])] == []
