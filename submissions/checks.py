from django.conf import settings
from django.core.checks import Error, register

from submissions.references import reference_format_problem


@register()
def reference_format_check(app_configs, **kwargs):
    problem = reference_format_problem(settings.DHRQA_REFERENCE_FORMAT)
    if problem is None:
        return []
    return [Error(f"DHRQA_REFERENCE_FORMAT cannot number reviews: {problem}", id="submissions.E001")]
