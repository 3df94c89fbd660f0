"""The framework in the browser: everyone may read it, facilitators edit it and start re-tagging."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from livsmiljo.analysis.forms import KINDS, framework_form
from livsmiljo.analysis.models import PassageTag, RetagRun
from livsmiljo.analysis.services import framework_item_delete, framework_item_save, retag_start
from livsmiljo.analysis.tagging import framework_load, framework_version
from livsmiljo.organisations.access import HtmxHttpRequest, facilitator_required, is_facilitator, request_user


def _kind(kind: str) -> tuple[Any, list[str], Any]:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


@login_required
def framework(request: HttpRequest) -> HttpResponse:
    sections = [
        (kind, label, model._default_manager.all()) for kind, (model, _fields, label) in KINDS.items()
    ]
    version = framework_version(framework_load())
    stale = PassageTag.objects.exclude(framework_version=version).count()
    return render(
        request,
        "analysis/framework.html",
        {"sections": sections, "stale": stale, "run": RetagRun.objects.first()},
    )


@facilitator_required
def framework_edit(request: HttpRequest, kind: str, key: str | None = None) -> HttpResponse:
    model, _fields, label = _kind(kind)
    instance = get_object_or_404(model, key=key) if key else None
    form = framework_form(kind, request.POST if request.method == "POST" else None, instance)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        framework_item_save(item=item, user=request_user(request), created=instance is None)
        form.save_m2m()
        messages.success(
            request, _("Sparat. Kör om taggningen så att analyserna följer det ändrade ramverket.")
        )
        return redirect("analysis:framework")
    return render(
        request,
        "analysis/framework_edit.html",
        {"form": form, "label": label, "instance": instance, "kind": kind},
    )


@facilitator_required
def framework_delete(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    model, _fields, label = _kind(kind)
    item = get_object_or_404(model, key=key)
    if request.method == "POST":
        try:
            framework_item_delete(item=item, user=request_user(request))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("analysis:framework_edit", kind=kind, key=key)
        messages.success(request, _("Borttaget. Kör om taggningen så att analyserna följer ramverket."))
        return redirect("analysis:framework")
    return render(request, "analysis/framework_delete.html", {"item": item, "label": label, "kind": kind})


@facilitator_required
@require_POST
def retag(request: HtmxHttpRequest) -> HttpResponse:
    run = retag_start(user=request_user(request))
    messages.info(request, _("Omtaggningen har startat."))
    if request.htmx:
        return render(request, "analysis/_retag_status.html", {"run": run})
    return redirect("analysis:framework")


@login_required
def retag_status(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_facilitator(request.user):  # a facilitator's run: to anyone else it does not exist
        raise Http404
    run = get_object_or_404(RetagRun, pk=pk)
    return render(request, "analysis/_retag_status.html", {"run": run})
