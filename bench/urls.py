"""The app's URLs, and a bare view for the benchmark's baseline (bench/settings.py only)."""

from django.http import HttpResponse
from django.urls import include, path

from submissions.models import Submission


def bare(request):
    """One query and a short answer: a signed-in Django page that does no work of its own."""
    first = Submission.objects.order_by("pk").values_list("pk", flat=True).first()
    return HttpResponse(f"First submission: {first}\n", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("dhrqa.urls")),
]
