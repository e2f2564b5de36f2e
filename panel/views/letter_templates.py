# Planned by the letter templates work (issue 7): each replaced by its real view.


def template_list(request):
    raise NotImplementedError


def template_detail(request, pk):
    raise NotImplementedError


def template_change(request, pk):
    raise NotImplementedError
