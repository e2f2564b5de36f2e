"""PDFs, opened with pikepdf (qpdf) and walked object by object.

qpdf is asked not to repair anything: a file it would have to reconstruct
(a truncated file, a missing or wrong cross-reference table) is damaged, and a
reader might see something else in it than we do. The walk reads every object's
dictionary, never its stream data, so a large PDF costs little memory.
"""

import pikepdf

from submissions.inspection.refusals import Refusal

# Where PDF readers look for the end-of-file marker.
TRAILER_WINDOW = 1024
# Action types (/S) and what they do.
ACTION_REFUSALS = {
    "/JavaScript": "javascript",
    "/Launch": "launch",
    "/GoToR": "external_action",
    "/GoToE": "external_action",
    "/ImportData": "external_action",
    "/SubmitForm": "external_action",
    "/RichMediaExecute": "rich_media",
}
# Keys whose mere presence in a dictionary means the content is refused.
KEY_REFUSALS = {
    "/JS": "javascript",
    "/JavaScript": "javascript",
    "/EmbeddedFiles": "embedded_file",
    "/EF": "embedded_file",
    "/RichMediaContent": "rich_media",
    "/RichMediaSettings": "rich_media",
    "/XFA": "xfa",
}
SUBTYPE_REFUSALS = {
    "/FileAttachment": "embedded_file",
    "/RichMedia": "rich_media",
}
TYPE_REFUSALS = {
    "/EmbeddedFile": "embedded_file",
}


def inspect_pdf(file, *, path=None):
    """Refuse a damaged, encrypted or active PDF; return its page count.

    Opens `path` when there is one (qpdf then reads the file itself, in pieces);
    otherwise reads from `file`, which must be seekable.
    """
    _check_end_marker(file)
    try:
        with pikepdf.open(path or file, attempt_recovery=False) as pdf:
            return _inspect_open(pdf)
    except pikepdf.PasswordError as error:
        raise Refusal("encrypted") from error
    except pikepdf.PdfError as error:
        raise Refusal("pdf_damaged") from error


def _check_end_marker(file):
    file.seek(0, 2)
    size = file.tell()
    file.seek(max(0, size - TRAILER_WINDOW))
    if b"%%EOF" not in file.read():
        raise Refusal("pdf_truncated")


def _inspect_open(pdf):
    if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
        raise Refusal("encrypted")
    _refuse_if_repaired(pdf)
    for obj in pdf.objects:
        _walk(obj)
    _walk(pdf.trailer)
    page_count = len(pdf.pages)
    # Objects are parsed as they are first touched, so damage can surface during the walk.
    _refuse_if_repaired(pdf)
    if page_count == 0:
        raise Refusal("pdf_no_pages")
    return page_count


def _refuse_if_repaired(pdf):
    if pdf.get_warnings():
        raise Refusal("pdf_repaired")


def _walk(root):
    """Check `root` and the dictionaries and arrays written inside it.

    Indirect objects are skipped here: `pdf.objects` visits each of them once.
    """
    pending = [root]
    while pending:
        obj = pending.pop()
        if isinstance(obj, pikepdf.Array):
            values = obj
        elif isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            _check_dictionary(obj)
            values = obj.values()
        else:
            continue
        for value in values:
            if isinstance(value, (pikepdf.Dictionary, pikepdf.Array)) and not value.is_indirect:
                pending.append(value)


def _check_dictionary(dictionary):
    for key in dictionary.keys():
        if key in KEY_REFUSALS:
            raise Refusal(KEY_REFUSALS[key])
    for key, refusals in (("/S", ACTION_REFUSALS), ("/Subtype", SUBTYPE_REFUSALS), ("/Type", TYPE_REFUSALS)):
        value = dictionary.get(key)
        if isinstance(value, pikepdf.Name) and str(value) in refusals:
            raise Refusal(refusals[str(value)])
