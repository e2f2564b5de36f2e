"""Through the documents page: a file refused for what it holds gets its message and leaves nothing behind."""

import pikepdf
import pytest

from submissions.models import Document, StoredFile
from tests.dhrqa.govuk_page import error_messages
from tests.submissions.sample_documents import (
    hand_made_pdf,
    javascript_action,
    minimal_docx,
    pikepdf_pdf,
    python_docx_bytes,
    weasyprint_pdf,
)
from tests.submissions.test_uploads_view import post_form


def _with_open_action(pdf):
    pdf.Root.OpenAction = javascript_action()


REFUSED = [
    ("password.pdf", pikepdf_pdf(encryption=pikepdf.Encryption(user="open-sesame", owner="owner")),
     "The selected file for the overview report is password protected"),
    ("script.pdf", pikepdf_pdf(_with_open_action),
     "The selected file for the overview report must not contain JavaScript"),
    ("macros.docx", minimal_docx(main_type="application/vnd.ms-word.document.macroEnabled.main+xml"),
     "The selected file for the overview report must not contain macros"),
    ("cut.pdf", weasyprint_pdf()[:2000], "The selected file for the overview report is damaged or incomplete"),
    ("report.pdf", python_docx_bytes(),
     "The file name for the overview report must end in .docx, as the file is a Word document (DOCX)"),
    ("both.pdf", hand_made_pdf() + minimal_docx(), "The selected file for the overview report is more than one "
                                                    "type of file"),
]


@pytest.mark.parametrize(("name", "content", "message"), REFUSED, ids=[name for name, _, _ in REFUSED])
def test_documents_file_refused_for_its_content_leaves_nothing(officer, documents_url, new_document_files, name,
                                                               content, message):
    response = post_form(officer, documents_url, name=name, content=content)

    assert response.status_code == 200
    assert error_messages(response) == {"id_file_1_error": message}
    assert (Document.objects.count(), StoredFile.objects.count(), new_document_files()) == (0, 0, set())
