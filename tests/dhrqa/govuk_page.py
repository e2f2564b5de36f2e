"""Reading GOV.UK pages back as a person would see them, for exact assertions.

A small tree built with the standard library's HTML parser: enough to find
elements by class or id and read their text, with no extra dependency.
"""

import re
from html.parser import HTMLParser

# White space HTML collapses; a no-break space (as in "2.0\xa0MB") is kept.
_HTML_SPACE = re.compile(r"[ \t\n\r\f]+")

# Elements that never have a closing tag.
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
}


class Element:
    def __init__(self, tag, attrs, parent=None):
        self.tag = tag
        self.attrs = {name: value or "" for name, value in attrs}
        self.parent = parent
        self.children = []

    @property
    def classes(self):
        return self.attrs.get("class", "").split()

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def find_all(self, *, tag=None, cls=None, id=None):
        return [
            element for element in self.iter()
            if (tag is None or element.tag == tag)
            and (cls is None or cls in element.classes)
            and (id is None or element.attrs.get("id") == id)
        ]

    def find(self, **criteria):
        found = self.find_all(**criteria)
        return found[0] if found else None

    def text(self, *, include_hidden=True):
        """The element's text, with runs of white space collapsed to one space as a browser shows it."""
        return _HTML_SPACE.sub(" ", self._raw_text(include_hidden)).strip()

    def _raw_text(self, include_hidden):
        if self.tag == "br":
            return "\n"
        parts = []
        for child in self.children:
            if not isinstance(child, Element):
                parts.append(child)
            elif include_hidden or "govuk-visually-hidden" not in child.classes:
                parts.append(child._raw_text(include_hidden))
        return "".join(parts)


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("document", [])
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID_ELEMENTS:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        # Close up to the matching open element; ignore a stray end tag.
        node = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def parse(response_or_html):
    content = getattr(response_or_html, "content", response_or_html)
    if isinstance(content, bytes):
        content = content.decode()
    builder = _TreeBuilder()
    builder.feed(content)
    builder.close()
    return builder.root


def error_messages(response):
    """{id of the error message element: its visible text} for every `govuk-error-message`.

    The id names the field the message belongs to: crispy-forms-gds writes
    `id_<field>_<n>_error`; hand-written templates write `id_<field>-error`.
    """
    return {
        element.attrs.get("id", ""): element.text(include_hidden=False)
        for element in parse(response).find_all(cls="govuk-error-message")
    }


def error_summary(response):
    """[(link target, message)] from the GOV.UK error summary, in page order."""
    summary = parse(response).find(cls="govuk-error-summary")
    if summary is None:
        return []
    return [
        (link.attrs.get("href", ""), link.text())
        for link in summary.find_all(tag="a")
    ]


def notification_banners(response):
    """The headings of the notification banners (Django messages) on the page."""
    return [
        element.text() for element in parse(response).find_all(cls="govuk-notification-banner__heading")
    ]


def heading(response):
    """The page's `<h1>`."""
    return parse(response).find(tag="h1").text()


def table_column(response, position=0):
    """The text of one column of the first table's body rows."""
    table = parse(response).find(tag="tbody")
    if table is None:
        return []
    return [row.find_all(tag="td")[position].text(include_hidden=False) for row in table.find_all(tag="tr")]


def text_of(response, *, cls=None, id=None):
    element = parse(response).find(cls=cls, id=id)
    return None if element is None else element.text()


def body_paragraphs(response):
    """The text of each `govuk-body` paragraph inside `<main>`."""
    main = parse(response).find(tag="main")
    return [paragraph.text() for paragraph in main.find_all(tag="p", cls="govuk-body")]


def summary_links_without_target(response):
    """Error summary links whose `#id` names no element on the page."""
    root = parse(response)
    ids = {element.attrs["id"] for element in root.iter() if "id" in element.attrs}
    return [href for href, _ in error_summary(response) if href.removeprefix("#") not in ids]
