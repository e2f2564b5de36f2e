# Planned by the PDF and verification work (issue 7): replaced by its real view.
from django.contrib.auth.decorators import login_not_required


@login_not_required
def check_letter(request):
    raise NotImplementedError
