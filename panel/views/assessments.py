# Planned by the assessments work (issue 6): each replaced by its real view.


def assessment(request, pk):
    raise NotImplementedError


def item_assessments(request, pk):
    raise NotImplementedError
