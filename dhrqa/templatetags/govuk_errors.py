from django import template

from dhrqa.error_summary import error_links

register = template.Library()


@register.inclusion_tag("includes/error_summary_links.html")
def govuk_error_summary(*forms):
    """{% govuk_error_summary form formset %}: one summary for every form on the page."""
    return {"error_links": error_links(*(form for form in forms if form is not None and form.is_bound))}
