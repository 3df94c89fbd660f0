from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from livsmiljo.documents.access import (
    get_document_for_editor,
    get_document_for_user,
    get_reextraction_run_for_user,
    get_run_for_user,
)
from livsmiljo.documents.forms import DocumentForm, UploadForm
from livsmiljo.documents.models import Document, DocumentKind, IngestionRun, Passage
from livsmiljo.documents.reextraction import document_can_reextract, reextraction_run_create
from livsmiljo.documents.services import (
    document_can_edit,
    document_delete,
    document_update,
    ingestion_run_create,
    ingestion_run_retry,
    run_can_retry,
)
from livsmiljo.organisations.access import is_facilitator, request_user
from livsmiljo.organisations.models import Organisation


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
def document_list(request: HttpRequest) -> HttpResponse:
    visible = Document.objects.visible_to(request_user(request))
    documents = visible.select_related("organisation").order_by("organisation__name", "-year", "title")
    chosen = {
        "organisation": request.GET.get("organisation", ""),
        "kind": request.GET.get("kind", ""),
        "year": request.GET.get("year", ""),
    }
    if chosen["organisation"]:
        documents = documents.filter(organisation__slug=chosen["organisation"])
    if chosen["kind"]:
        documents = documents.filter(kind=chosen["kind"])
    if year := _int_or_none(chosen["year"]):
        documents = documents.filter(year=year)
    page = Paginator(documents, 50).get_page(request.GET.get("sida"))
    context = {
        "page": page,
        "chosen": chosen,
        "filtered": any(chosen.values()),
        "organisations": Organisation.objects.filter(documents__in=visible).distinct().order_by("name"),
        "kinds": DocumentKind.choices,
        "years": visible.exclude(year=None).values_list("year", flat=True).distinct().order_by("-year"),
    }
    return render(request, "documents/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def document_upload(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if not is_facilitator(user) and user.organisation_id is None:
        messages.error(
            request, _("Ditt konto hör inte till någon organisation. Be en processledare om hjälp.")
        )
        return redirect("documents:list")
    form = UploadForm(request.POST or None, request.FILES or None, user=user)
    if (kind := request.GET.get("typ", "")) in DocumentKind.values:  # "Ladda upp ett utkast" links here
        form.fields["kind"].initial = kind
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run = ingestion_run_create(
                files=[(upload.name, upload) for upload in data["uploads"]],
                organisation=data["organisation"],
                user=user,
                kind=data["kind"],
                year=data["year"],
                title=data["title"],
                shared=data["shared"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, " ".join(getattr(error, "messages", [str(error)])))
        else:
            return redirect("documents:run", pk=run.pk)
    return render(request, "documents/upload.html", {"form": form})


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    return render(request, "documents/run.html", _run_context(run))


@login_required
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    return render(request, "documents/_run_progress.html", _run_context(run))


@login_required
@require_http_methods(["POST"])
def run_retry(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request, pk)
    try:
        ingestion_run_retry(run=run, user=request_user(request))
    except ValidationError as error:
        messages.info(request, " ".join(error.messages))
    return redirect("documents:run", pk=run.pk)


def _run_context(run: IngestionRun) -> dict[str, object]:
    files = list(run.files.select_related("document"))
    can_retry = run_can_retry(run=run)
    finished = can_retry or run.status in (IngestionRun.Status.DONE, IngestionRun.Status.FAILED)
    return {"run": run, "files": files, "finished": finished, "can_retry": can_retry}


@login_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request, pk)
    by_page: dict[int, list[Passage]] = {}
    for passage in document.passages.order_by("ordinal").only("id", "page", "ordinal", "heading", "text"):
        by_page.setdefault(passage.page, []).append(passage)
    pages = [(page, by_page.get(page.number, [])) for page in document.pages.order_by("number")]
    context = {
        "document": document,
        "pages": pages,
        "current_page": _int_or_none(request.GET.get("sida")),
        "can_edit": document_can_edit(user=request_user(request), document=document),
        "can_reextract": document_can_reextract(user=request_user(request)),
    }
    return render(request, "documents/detail.html", context)


@login_required
@require_http_methods(["POST"])
def document_reextract(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request, pk)
    run = reextraction_run_create(document=document, user=request_user(request))
    return redirect("documents:reextraction", pk=run.pk)


@login_required
def reextraction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_reextraction_run_for_user(request, pk)
    return render(request, "documents/reextraction.html", {"run": run})


@login_required
def reextraction_progress(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_reextraction_run_for_user(request, pk)
    return render(request, "documents/_reextraction_progress.html", {"run": run})


@login_required
@require_http_methods(["GET", "POST"])
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_editor(request, pk)
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document_update(
                document=document,
                user=request_user(request),
                title=data["title"],
                kind=data["kind"],
                year=data["year"],
                shared=data["shared"],
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("Ändringarna är sparade."))
            return redirect("documents:detail", pk=document.pk)
    return render(request, "documents/edit.html", {"document": document, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def document_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_editor(request, pk)
    if request.method == "POST":
        title = document.title
        document_delete(document=document, user=request_user(request))
        messages.success(request, _("”%(title)s” är borttaget.") % {"title": title})
        return redirect("documents:list")
    return render(request, "documents/delete.html", {"document": document})
