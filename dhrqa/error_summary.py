"""The GOV.UK error summary: every error on a page, each linked to its input."""


def error_links(*forms):
    """(anchor id, message) for every error on the given forms and formsets, in page order."""
    links = []
    for form in forms:
        if hasattr(form, "forms"):  # a formset
            # Its own errors ("Enter at least one victim") sit above its rows: link to the first.
            anchor = _anchor(form.forms[0], next(iter(form.forms[0].fields))) if form.forms else "main-content"
            links.extend((anchor, message) for message in form.non_form_errors())
            links.extend(error_links(*form.forms))
            continue
        for name, messages in form.errors.items():
            anchor = _anchor(form, name)
            links.extend((anchor, message) for message in messages)
    return links


def _anchor(form, name):
    if name == "__all__" or name not in form.fields:
        return _anchor(form, next(iter(form.fields))) if form.fields else "main-content"
    bound = form[name]
    widget = bound.field.widget
    if getattr(widget, "allow_multiple_selected", False) or getattr(widget, "input_type", None) in ("radio", "checkbox") and hasattr(widget, "choices"):
        # crispy-forms-gds numbers radio and checkbox inputs from 1.
        return f"{bound.auto_id}_1"
    if hasattr(widget, "widgets"):
        # Day / month / year: the first of the inputs.
        return f"{bound.auto_id}_0"
    return bound.auto_id
