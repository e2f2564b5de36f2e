"""Every list in the service, 50 rows a page, shown with templates/includes/pagination.html."""

from django.core.paginator import Paginator

PER_PAGE = 50
# More digits than any real page number; longer values are not even parsed.
_MAX_PAGE_DIGITS = 9


def page_number(value):
    """The page asked for: a whole number from 1, or 1 for anything else ("abc", "-1", "0", "")."""
    if not value or len(value) > _MAX_PAGE_DIGITS or not (value.isascii() and value.isdigit()):
        return 1
    return max(int(value), 1)


def paginate(request, items, *, per_page=PER_PAGE):
    """The page of `items` that the request's `page` parameter asks for.

    `items` must be ordered, so that no row appears on two pages. A number
    past the end gives the last page. Costs one COUNT query and one query
    for the page's rows.
    """
    return Paginator(items, per_page).get_page(page_number(request.GET.get("page")))
