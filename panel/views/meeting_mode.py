# Planned by the meeting mode work (issue 6): replaced by its real view.


def meeting_mode(request, pk):
    raise NotImplementedError
