# Planned by the readers work (issue 6): each replaced by its real view.


def my_reviews(request):
    raise NotImplementedError


def item_readers(request, pk):
    raise NotImplementedError


def reader_remove(request, pk):
    raise NotImplementedError


def declare_conflict(request, pk):
    raise NotImplementedError


def meeting_progress(request, pk):
    raise NotImplementedError


def meeting_reminders(request, pk):
    raise NotImplementedError
