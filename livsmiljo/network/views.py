"""The people pages: the list, a person's page, Min sida, and saving an answer from a meeting's phone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from livsmiljo.documents.models import Document
from livsmiljo.network import services
from livsmiljo.network.access import (
    can_view_network,
    get_person_for_user,
    get_saved_answer_for_owner,
    visible_people,
)
from livsmiljo.network.forms import PersonPageForm
from livsmiljo.network.models import PersonPage
from livsmiljo.organisations.access import request_user
from livsmiljo.organisations.models import User
from livsmiljo.workshops.inbound import object_id
from livsmiljo.workshops.models import Meeting, Participant


@login_required
def people(request: HttpRequest) -> HttpResponse:
    """Everyone in the viewer's learning projects, hidden pages left out; outside a project: a notice."""
    user = request_user(request)
    people = visible_people(user).order_by("organisation__name", "first_name", "last_name", "username")
    context = {"people": people, "member": can_view_network(user)}
    return render(request, "network/people.html", context)


def _shared_documents(*, viewer: User, person: User) -> QuerySet[Document]:
    if person.organisation_id is None:
        return Document.objects.none()
    documents = Document.objects.visible_to(viewer).adopted()
    return documents.filter(organisation_id=person.organisation_id, shared=True).order_by("-year", "title")


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's page (pk is the user's id): 404 outside the viewer's network and for a hidden page."""
    person = get_person_for_user(request, pk)  # 404 unless the viewer may see the network and this person
    viewer = request_user(request)
    page = PersonPage.objects.filter(user=person).first()
    if page is not None and page.hidden and person.pk != viewer.pk:
        raise Http404
    context = {
        "person": person,
        "page": page,
        "own": person.pk == viewer.pk,
        "documents": _shared_documents(viewer=viewer, person=person),
    }
    return render(request, "network/person.html", context)


@login_required
def my_page(request: HttpRequest) -> HttpResponse:
    """Min sida: edit one's own page, and see (and remove) the answers saved from meetings."""
    user = request_user(request)
    if not can_view_network(user):
        return render(request, "network/my_page.html", {"member": False})
    page = services.person_page_for(user=user)
    form = PersonPageForm(request.POST or None, instance=page)
    if request.method == "POST" and form.is_valid():
        services.person_page_update(user=user, data=form.cleaned_data)
        messages.success(request, _("Din sida är sparad."))
        return redirect("network:my_page")
    answers = page.saved_answers.select_related("meeting")
    context = {"member": True, "form": form, "page": page, "answers": answers}
    return render(request, "network/my_page.html", context)


@login_required
@require_POST
def answer_remove(request: HttpRequest, pk: int) -> HttpResponse:
    answer = get_saved_answer_for_owner(request, pk)
    services.saved_answer_remove(answer=answer, user=request_user(request))
    messages.success(request, _("Svaret är borttaget från din sida."))
    return redirect("network:my_page")


@login_required
@require_POST
def answer_save(request: HttpRequest, token: str) -> HttpResponse:
    """The phone's "Spara mitt svar på min sida": only with the tick (`consent`), only the phone's own person.

    `poll` names a check-in question; without it the answer is a note in the current group dialogue."""
    user = request_user(request)
    participant = get_object_or_404(Participant.objects.select_related("meeting"), token=token)
    if participant.user_id not in (None, user.pk):
        raise Http404
    try:
        if request.POST.get("consent") != "1":
            raise ValidationError(_("Kryssa i rutan om du vill spara svaret på din sida."))
        answer = _answer_source(request, participant)
        services.participant_claim(participant=participant, user=user)
        services.saved_answer_create(
            user=user, text=request.POST.get("text", ""), answer=answer, meeting=participant.meeting
        )
    except ValidationError as error:
        return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=400)
    return JsonResponse({"ok": True, "message": _("Svaret är sparat på din sida i nätverket.")})


def _answer_source(request: HttpRequest, participant: Participant) -> services.AnswerSource:
    if participant.meeting.status == Meeting.Status.ENDED:
        raise ValidationError(_("Mötet är avslutat."))
    if request.POST.get("poll"):
        poll_id = object_id(request.POST.get("poll"))
        if poll_id is None:
            raise ValidationError(_("Frågan finns inte. Ladda om sidan."))
        return services.poll_answer_source(participant=participant, poll_id=poll_id)
    meeting = Meeting.objects.select_related("current_block", "current_step").get(pk=participant.meeting_id)
    return services.dialogue_answer_source(meeting=meeting)
