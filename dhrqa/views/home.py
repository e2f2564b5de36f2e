from django.shortcuts import redirect

from dhrqa.navigation import ITEMS_BY_ROLE, MEETINGS


def home(request):
    """Each role starts on the first page of its navigation."""
    first, *_ = ITEMS_BY_ROLE.get(request.user.role, (MEETINGS,))
    return redirect(first.view_name)
