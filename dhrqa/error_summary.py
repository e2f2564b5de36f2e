"""The GOV.UK error summary: every error on a page, each linked to its input."""


def error_links(*forms):
    """(anchor id, message) for every error on the given forms and formsets, in page order."""
    links = []
    for form in forms:
        if hasattr(form, "forms"):  # a formset
            links.extend(error_links(*form.forms))
            links.extend(("main-content", message) for message in form.non_form_errors())
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
