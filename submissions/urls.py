from django.urls import include, path

from submissions.enums import CaseKind
from submissions.views import (
    documents,
    intake,
    lexicon,
    prescreen,
    recommendations,
    registration,
    reviews,
    submissions,
    uploads,
    versions,
)

app_name = "submissions"

# The pages of one version of a review: /reviews/KENT-2026-03/v2/...
version_urls = [
    path("", versions.version_detail, name="version_detail"),
    path("documents/", uploads.documents, name="documents"),
    path("documents/<id:pk>/remove/", uploads.document_remove, name="document_remove"),
    path("recommendations/", recommendations.recommendation_list, name="recommendations"),
    path("recommendations/add/", recommendations.recommendation_add, name="recommendation_add"),
    path("recommendations/<id:pk>/change/", recommendations.recommendation_change, name="recommendation_change"),
    path("recommendations/<id:pk>/remove/", recommendations.recommendation_remove, name="recommendation_remove"),
    path("recommendations/import/", recommendations.recommendations_import, name="recommendations_import"),
    path("issues/", versions.issues_answer, name="issues"),
    path("pre-screen/", prescreen.prescreen, name="prescreen"),
    path("pre-screen/<id:pk>/consider/", prescreen.finding_consider, name="prescreen_consider"),
    path("pre-screen/<id:pk>/reopen/", prescreen.finding_reopen, name="prescreen_reopen"),
    path("declaration/", versions.declaration, name="declaration"),
    path("submit/", versions.submit, name="submit"),
    path("withdraw/", versions.withdraw, name="withdraw"),
    path("intake/", intake.intake, name="intake"),
]

urlpatterns = [
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/new/", registration.review_start, name="review_start"),
    path("reviews/new/review/", registration.review_register, {"kind": CaseKind.REVIEW},
         name="review_register"),
    path("reviews/new/decision-not-to-review/", registration.review_register,
         {"kind": CaseKind.DECISION_NOT_TO_REVIEW}, name="decision_register"),
    path("reviews/<reference:reference>/", reviews.review_detail, name="review_detail"),
    path("reviews/<reference:reference>/details/", registration.review_details, name="review_details"),
    path("reviews/<reference:reference>/next-version/", versions.version_start, name="version_start"),
    path("reviews/<reference:reference>/v<version:number>/", include(version_urls)),
    path("documents/<id:pk>/download/", documents.document_download, name="document_download"),
    path("recommendations/template.xlsx", recommendations.recommendations_template,
         name="recommendations_template"),
    path("submissions/", submissions.submission_list, name="submission_list"),
    path("language-check/", lexicon.lexicon_list, name="lexicon_list"),
    path("language-check/add/", lexicon.lexicon_add, name="lexicon_add"),
    path("language-check/<id:pk>/change/", lexicon.lexicon_change, name="lexicon_change"),
    path("submissions/export.csv", submissions.submission_export, name="submission_export"),
]
