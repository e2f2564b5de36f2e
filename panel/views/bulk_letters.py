# Planned by the bulk letters work (issue 7): each replaced by its real view.


def meeting_letters(request, pk):
    raise NotImplementedError


def meeting_letters_prepare(request, pk):
    raise NotImplementedError


def meeting_letters_progress(request, pk):
    raise NotImplementedError


def meeting_letters_zip(request, pk):
    raise NotImplementedError


def meeting_letters_zip_download(request, pk):
    raise NotImplementedError
