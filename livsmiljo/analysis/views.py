from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from livsmiljo.analysis import comparison, exports
from livsmiljo.analysis.conflict_explorer import goal_conflicts_explore
from livsmiljo.analysis.forms import CorrectionForm
from livsmiljo.analysis.models import GoalConflict, Group, PassageTag, StrategicArea, TagCorrection, Theme
from livsmiljo.analysis.profiles import profile_build
from livsmiljo.analysis.services import tag_correct
from livsmiljo.documents.access import get_document_for_user, get_passage_for_user
from livsmiljo.documents.models import Document, DocumentKind, Passage
from livsmiljo.organisations.access import HtmxHttpRequest, is_facilitator, is_member_of, request_user
from livsmiljo.organisations.models import Organisation, User


def _visible_documents_of(request: HttpRequest, organisation: Organisation) -> list[Document]:
    return list(
        Document.objects.visible_to(request_user(request))
        .adopted()
        .filter(organisation=organisation)
        .order_by("title")
    )


def can_correct(user: User, passage: Passage) -> bool:
    return is_facilitator(user) or is_member_of(user, passage.document.organisation_id)


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    documents = (
        Document.objects.visible_to(request_user(request))
        .select_related("organisation")
        .order_by("organisation__name", "title")
    )
    organisations = Organisation.objects.filter(pk__in=documents.values("organisation")).order_by("name")
    tagged = set(
        PassageTag.objects.filter(document__in=documents).values_list("document_id", flat=True).distinct()
    )
    return render(
        request,
        "analysis/overview.html",
        {
            "documents": documents,
            "organisations": organisations,
            "tagged": tagged,
            "themes": Theme.objects.all(),
            "conflicts": GoalConflict.objects.all(),
        },
    )


@login_required
def document_profile(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_document_for_user(request, pk)
    profile = profile_build(title=document.title, documents=[document])
    return render(request, "analysis/profile.html", {"profile": profile, "document": document})


@login_required
def organisation_profile(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    profile = profile_build(title=organisation.name, documents=_visible_documents_of(request, organisation))
    matrix = comparison.matrix_build(user=request_user(request))
    return render(
        request,
        "analysis/profile.html",
        {
            "profile": profile,
            "organisation": organisation,
            "similar": comparison.similar_organisations(matrix, organisation),
        },
    )


@login_required
def peers(request: HttpRequest, slug: str, theme: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    theme_obj = get_object_or_404(Theme, key=theme)
    found = comparison.peers_for(user=request_user(request), organisation=organisation, theme=theme_obj)
    return render(
        request, "analysis/peers.html", {"organisation": organisation, "theme": theme_obj, "peers": found}
    )


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("typ", "")
    return kind if kind in DocumentKind.values else ""


@login_required
def compare(request: HttpRequest) -> HttpResponse:
    matrix = comparison.matrix_build(user=request_user(request), kind=_kind(request))
    similarity = matrix.similarity() if matrix.organisations else None
    sim_rows = (
        [(org, [float(v) for v in similarity[i]]) for i, org in enumerate(matrix.organisations)]
        if similarity is not None
        else []
    )
    top = float(matrix.values.max()) if matrix.values.size else 0.0
    context = {
        "matrix": matrix,
        "sim_rows": sim_rows,
        "top": top,
        "kind": _kind(request),
        "kinds": DocumentKind.choices,
    }
    return render(request, "analysis/compare.html", context)


@login_required
def heatmap(request: HttpRequest) -> HttpResponse:
    matrix = comparison.matrix_build(user=request_user(request), kind=_kind(request))
    return HttpResponse(comparison.heatmap_png(matrix), content_type="image/png")


@login_required
def conflicts(request: HttpRequest) -> HttpResponse:
    catalogue, other = goal_conflicts_explore(Document.objects.visible_to(request_user(request)))
    return render(request, "analysis/conflicts.html", {"catalogue": catalogue, "other": other})


def _passage_context(
    request: HttpRequest, passage: Passage, form: CorrectionForm | None = None
) -> dict[str, object]:
    tag = PassageTag.objects.filter(passage=passage).first()
    allowed = can_correct(request_user(request), passage)
    if form is None and allowed:
        form = CorrectionForm(initial=CorrectionForm.initial_from(tag))
    names = dict(Theme.objects.values_list("key", "name"))
    names |= dict(Group.objects.values_list("key", "name"))
    names |= dict(StrategicArea.objects.values_list("key", "name"))
    return {
        "passage": passage,
        "tag": tag,
        "form": form,
        "can_correct": allowed,
        "theme_names": names,
        "corrections": TagCorrection.objects.filter(passage=passage).select_related("user")[:10],
    }


@login_required
def passage_tags(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    passage = get_passage_for_user(request, pk)
    context = _passage_context(request, passage)
    template = "analysis/_passage_tags.html" if request.htmx else "analysis/passage.html"
    return render(request, template, context)


@login_required
@require_POST
def passage_correct(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    passage = get_passage_for_user(request, pk)
    if not can_correct(request_user(request), passage):
        raise PermissionDenied(_("Bara den organisation som äger dokumentet kan rätta taggarna."))
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            tag_correct(passage=passage, user=request_user(request), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
    if form.is_valid() and not form.errors:
        if not request.htmx:
            messages.success(
                request, _("Tack! Rättelsen är sparad och används i profilerna och vid nästa taggning.")
            )
            return redirect("analysis:passage", pk=passage.pk)
        return render(
            request, "analysis/_passage_tags.html", _passage_context(request, passage) | {"saved": True}
        )
    template = "analysis/_passage_tags.html" if request.htmx else "analysis/passage.html"
    return render(
        request, template, _passage_context(request, passage, form), status=422 if request.htmx else 200
    )


@login_required
def export_tags(request: HttpRequest, fmt: str) -> HttpResponse:
    documents = Document.objects.visible_to(request_user(request))
    if slug := request.GET.get("organisation"):
        documents = documents.filter(organisation__slug=slug)
    if (doc := request.GET.get("dokument", "")).isdigit():
        documents = documents.filter(pk=int(doc))
    return exports.table_response(exports.tags_table(list(documents)), fmt, "taggar", _("Taggar"))


@login_required
def export_document_profile(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    document = get_document_for_user(request, pk)
    profile = profile_build(title=document.title, documents=[document])
    return exports.table_response(
        exports.profile_table(profile), fmt, f"profil-dokument-{document.pk}", _("Profil")
    )


@login_required
def export_organisation_profile(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    organisation = get_object_or_404(Organisation, slug=slug)
    profile = profile_build(title=organisation.name, documents=_visible_documents_of(request, organisation))
    return exports.table_response(
        exports.profile_table(profile), fmt, f"profil-{organisation.slug}", _("Profil")
    )


@login_required
def export_matrix(request: HttpRequest, fmt: str) -> HttpResponse:
    matrix = comparison.matrix_build(user=request_user(request), kind=_kind(request))
    return exports.table_response(exports.matrix_table(matrix), fmt, "jamforelse", _("Jämförelse"))
