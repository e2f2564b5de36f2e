"""One GOV.UK error summary for a page that carries several forms."""


def error_links(*forms):
    """(anchor id, message) for every error on the given forms, in page order."""
    links = []
    for form in forms:
        for name, messages in form.errors.items():
            anchor = _anchor(form, name)
            links.extend((anchor, message) for message in messages)
    return links


def _anchor(form, name):
    if name == "__all__" or name not in form.fields:
        return next(iter(form)).auto_id if form.fields else "main-content"
    bound = form[name]
    if getattr(bound.field.widget, "allow_multiple_selected", False) or getattr(bound.field.widget, "input_type", None) == "radio":
        # crispy-forms-gds numbers radio and checkbox inputs from 1.
        return f"{bound.auto_id}_1"
    return bound.auto_id
