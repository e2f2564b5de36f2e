from django.http import FileResponse
from django.views.decorators.cache import never_cache

from dhrqa.permissions import get_permitted_or_404
from submissions.queries import documents_for_user
from submissions.services.documents import open_document


@never_cache
def document_download(request, pk):
    document = get_permitted_or_404(
        request.user, "submissions.download_document", documents_for_user(request.user), pk=pk
    )
    return FileResponse(
        open_document(document=document, user=request.user),
        as_attachment=True,
        filename=document.download_name,
        content_type=document.media_type,
    )
