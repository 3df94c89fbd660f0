import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from livsmiljo import ratelimit
from livsmiljo.workshops import services
from livsmiljo.workshops.models import AgendaBlock, Meeting, Participant, Poll
from livsmiljo.workshops.tests.factories import join, open_poll, seed_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limit(monkeypatch):
    cache.clear()
    monkeypatch.setattr(ratelimit, "clock", lambda: 300.0 * 6_000_000)  # the start of a five-minute window


@pytest.fixture
def meeting(facilitator, region):
    return seed_meeting(facilitator, organisations=[region])


def test_the_join_page_has_a_large_numeric_code_field(client):
    response = client.get(reverse("workshops:join_code", args=["12345678"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'inputmode="numeric"' in html and 'value="12345678"' in html
    assert '<label for="id_code"' in html


def test_joining_with_the_code_leads_to_the_participant_page(client, meeting, region):
    response = client.post(
        reverse("workshops:join"),
        {"code": meeting.join_code, "display_name": "Anna", "organisation": region.pk},
    )
    participant = Participant.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("workshops:participant", args=[participant.token])
    assert participant.organisation == region
    page = client.get(response["Location"])
    assert page.status_code == 200 and f"/ws/verkstad/deltagare/{participant.token}/" in page.content.decode()


def test_a_wrong_code_gets_a_swedish_message(client, meeting):
    response = client.post(reverse("workshops:join"), {"code": "00000000"})
    assert response.status_code == 200
    assert "Det finns inget pågående möte med den koden" in response.content.decode()
    assert not Participant.objects.exists()


def test_guessing_codes_is_rate_limited_per_browser_but_the_right_code_still_gets_in(client, meeting):
    for _ in range(10):
        client.post(reverse("workshops:join"), {"code": "11111111"})
    response = client.post(reverse("workshops:join"), {"code": "22222222"})
    assert response.status_code == 429
    assert "Försök igen om 5 minuter" in response.content.decode()
    assert client.post(reverse("workshops:join"), {"code": meeting.join_code}).status_code == 302
    assert Participant.objects.count() == 1


def test_thirty_wrong_codes_from_one_address_do_not_lock_the_room_out(meeting):
    for _ in range(30):
        Client().post(reverse("workshops:join"), {"code": "11111111"})
    guess = Client().post(reverse("workshops:join"), {"code": "22222222"})
    assert guess.status_code == 429
    for name in ("Anna", "Bo", "Cilla"):  # the room, on the same Wi-Fi address
        response = Client().post(reverse("workshops:join"), {"code": meeting.join_code, "display_name": name})
        assert response.status_code == 302
    assert Participant.objects.count() == 3
    other = Client().post(reverse("workshops:join"), {"code": "22222222"}, REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 200


def test_a_rotating_forwarded_header_from_an_untrusted_peer_does_not_reset_the_count(meeting):
    for i in range(30):
        Client().post(reverse("workshops:join"), {"code": "11111111"}, HTTP_X_FORWARDED_FOR=f"10.0.{i}.1")
    guess = Client().post(reverse("workshops:join"), {"code": "22222222"}, HTTP_X_FORWARDED_FOR="10.0.99.1")
    assert guess.status_code == 429


def test_behind_a_trusted_proxy_each_client_address_counts_on_its_own(meeting, settings):
    settings.LIVSMILJO_TRUSTED_PROXIES = ["127.0.0.1"]
    for _ in range(30):
        Client().post(reverse("workshops:join"), {"code": "11111111"}, HTTP_X_FORWARDED_FOR="203.0.113.5")
    blocked = Client().post(reverse("workshops:join"), {"code": "2" * 8}, HTTP_X_FORWARDED_FOR="203.0.113.5")
    other = Client().post(reverse("workshops:join"), {"code": "2" * 8}, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert (blocked.status_code, other.status_code) == (429, 200)


def test_the_projector_needs_no_login_and_shows_code_and_qr(client, meeting):
    response = client.get(reverse("workshops:screen", args=[meeting.screen_token]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and meeting.join_code[:4] in html
    assert client.get(reverse("workshops:screen", args=["fel-token"])).status_code == 404


def test_the_console_is_for_facilitators_only(facilitator_client, owner_client, client, meeting):
    url = reverse("workshops:console", args=[meeting.pk])
    assert facilitator_client.get(url).status_code == 200
    assert owner_client.get(url).status_code == 403
    assert client.get(url).status_code == 302
    assert owner_client.post(url, {"action": "start"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.READY


def test_console_actions_run_the_meeting(facilitator_client, meeting):
    url = reverse("workshops:console", args=[meeting.pk])
    facilitator_client.post(url, {"action": "start"})
    response = facilitator_client.post(url, {"action": "next"}, HTTP_HX_REQUEST="true")
    meeting.refresh_from_db()
    assert response.status_code == 200 and 'aria-current="step"' in response.content.decode()
    assert meeting.current_block.kind == "incheckning" and meeting.current_poll.status == Poll.Status.OPEN
    poll = meeting.current_poll
    facilitator_client.post(url, {"action": "results_show", "poll": poll.pk})
    poll.refresh_from_db()
    assert poll.results_visible


def test_a_console_error_is_shown_in_swedish(facilitator_client, meeting):
    url = reverse("workshops:console", args=[meeting.pk])
    response = facilitator_client.post(url, {"action": "step_next"}, HTTP_HX_REQUEST="true")
    assert "Samtalsstegen finns bara under en gruppdialog" in response.content.decode()


def test_moderation_hides_an_answer(facilitator_client, meeting):
    poll = open_poll(meeting, "fritext")
    answer = services.response_submit(poll=poll, participant=join(meeting), value="Bort")
    facilitator_client.post(
        reverse("workshops:console", args=[meeting.pk]), {"action": "response_hide", "id": answer.pk}
    )
    answer.refresh_from_db()
    assert answer.hidden


def test_facilitators_edit_the_agenda_with_htmx(facilitator_client, meeting):
    url = reverse("workshops:agenda", args=[meeting.pk])
    response = facilitator_client.post(
        url,
        {"action": "add", "kind": "omrostning", "title": "Röstning", "duration_minutes": "5"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Röstning" in response.content.decode()
    block = AgendaBlock.objects.get(title="Röstning")
    facilitator_client.post(
        url, {"action": "update", "block": block.pk, "title": "Röstning", "duration_minutes": "8"}
    )
    block.refresh_from_db()
    assert block.duration_minutes == 8
    facilitator_client.post(url, {"action": "remove", "block": block.pk})
    assert not AgendaBlock.objects.filter(pk=block.pk).exists()


def test_a_bad_agenda_edit_says_what_to_do(facilitator_client, meeting):
    response = facilitator_client.post(
        reverse("workshops:agenda", args=[meeting.pk]),
        {"action": "add", "kind": "paus", "title": "", "duration_minutes": "0"},
        HTTP_HX_REQUEST="true",
    )
    assert "Fyll i typ, rubrik och antal minuter" in response.content.decode()


def test_a_facilitator_creates_a_meeting_from_the_seed_template(facilitator_client):
    response = facilitator_client.post(
        reverse("workshops:create"),
        {"title": "Workshop 2", "new_project": "Lärprojektet", "template": "seed"},
    )
    meeting = Meeting.objects.get(title="Workshop 2")
    assert response.status_code == 302
    assert meeting.blocks.count() == 9 and meeting.project.title == "Lärprojektet"


def test_members_see_their_projects_meetings_and_outsiders_do_not(owner_client, outsider_client, meeting):
    assert "Workshop 1" in owner_client.get(reverse("workshops:list")).content.decode()
    assert "Workshop 1" not in outsider_client.get(reverse("workshops:list")).content.decode()


def test_the_documentation_lists_attendance_results_areas_and_check_out(owner_client, meeting, region):
    anna = join(meeting, "Anna", region)
    poll = meeting.polls.get(kind="humor")
    services.poll_open(poll=poll, user=None)
    services.response_submit(poll=poll, participant=anna, value="Nyfiken")
    services.chat_post(meeting=meeting, participant=anna, text="Tack för i dag")
    response = owner_client.get(reverse("workshops:documentation", args=[meeting.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r'<th scope="row">Region Östergötland</th><td class="report-num">1</td>', html)
    assert "Hur känns det just nu?" in html and "Nyfiken" in html
    assert "Tack för i dag" in html


def test_an_outsider_cannot_read_another_projects_documentation(outsider_client, meeting):
    assert outsider_client.get(reverse("workshops:documentation", args=[meeting.pk])).status_code == 404


def test_themes_cluster_similar_notes_across_groups(owner_client, meeting):
    anna, bo = join(meeting, "Anna"), join(meeting, "Bo")
    for participant, text in [(anna, "Kollektivtrafik på landsbygden"), (bo, "Kollektivtrafik i glesbygden")]:
        services.note_create(participant=participant, text=text)
    services.note_create(participant=anna, text="Trygga bostäder för unga")
    response = owner_client.get(reverse("workshops:clusters", args=[meeting.pk]), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="cluster"') == 2
    assert "kollektivtrafik" in html.lower()


def test_an_outsider_cannot_read_another_projects_themes(outsider_client, meeting):
    assert outsider_client.get(reverse("workshops:clusters", args=[meeting.pk])).status_code == 404


@pytest.mark.parametrize("block", ["²", str(10**30), "abc", ""])
def test_a_malformed_agenda_block_id_is_a_missing_block_not_a_server_error(
    facilitator_client, meeting, block
):
    url = reverse("workshops:agenda", args=[meeting.pk])
    response = facilitator_client.post(url, {"action": "remove", "block": block}, HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert meeting.blocks.count() > 0


@pytest.mark.parametrize("poll", ["²", str(10**30)])
def test_a_malformed_poll_id_in_a_console_action_gets_a_message(facilitator_client, meeting, poll):
    url = reverse("workshops:console", args=[meeting.pk])
    response = facilitator_client.post(url, {"action": "poll_open", "poll": poll}, HTTP_HX_REQUEST="true")
    assert response.status_code < 500
    assert "Ogiltigt värde" in response.content.decode()


def test_the_documentation_offers_a_print_button_and_names_the_chat_author(
    owner_client, meeting, facilitator
):
    facilitator.first_name, facilitator.last_name = "Fia", "Processledare"
    facilitator.save()
    services.chat_post(meeting=meeting, user=facilitator, text="Välkomna")
    html = owner_client.get(reverse("workshops:documentation", args=[meeting.pk])).content.decode()
    assert "data-print" in html and ">Skriv ut<" in html
    assert "livsmiljo/print.js" in html
    assert "Fia Processledare" in html and " fia</span>" not in html
    assert "Områden som grupperna valt" in html and "Gruppernas områden" not in html


def test_the_site_stylesheet_prints_the_content_without_navigation_or_buttons():
    css = (settings.BASE_DIR / "livsmiljo" / "static" / "livsmiljo" / "site.css").read_text(encoding="utf-8")
    block = css[css.index("@media print") :]
    assert (
        ".site-header" in block and "button" in block and "form" in block and "break-inside: avoid" in block
    )
