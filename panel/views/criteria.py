# Planned by the assessments work (issue 6): each replaced by its real view.


def criterion_list(request):
    raise NotImplementedError


def criterion_add(request):
    raise NotImplementedError


def criterion_change(request, pk):
    raise NotImplementedError


def criterion_move(request, pk):
    raise NotImplementedError
