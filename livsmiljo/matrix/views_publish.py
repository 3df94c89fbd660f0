"""The manager's switch that puts a matrix on the learning project's website (reports/site.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from livsmiljo.matrix.access import get_matrix_for_manager
from livsmiljo.matrix.services_publish import matrix_set_public
from livsmiljo.organisations.access import request_user


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = get_matrix_for_manager(request, pk)
    public = request.POST.get("public") == "1"
    matrix_set_public(matrix=matrix, public=public, user=request_user(request))
    if public:
        messages.success(request, _("Matrisen visas på lärprojektets webbplats när den exporteras."))
    else:
        messages.success(request, _("Matrisen visas inte längre på lärprojektets webbplats."))
    return redirect("matrix:detail", pk=matrix.pk)
