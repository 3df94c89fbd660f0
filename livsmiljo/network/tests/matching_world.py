"""A learning project with people whose curiosities meet, for the matching and network view tests.

Anna (Östergötland) is curious about cloudbursts and climate adaptation; Bo (Skåne) leads that work and
wants to learn how to reach young people, which Anna can contribute. Hanna (Gotland) would match Anna
too, but her page is hidden. Carl (Tillväxtverket) writes about culture. Olle is in another project,
Charlie's region is in none. Skåne has shared a strategy that writes about climate adaptation on page 12.
"""

from types import SimpleNamespace
from typing import Any

import pytest

from livsmiljo.documents.models import Document, Passage
from livsmiljo.network.models import PersonPage
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.organisations.services import user_create
from livsmiljo.search.services import document_embed, passages_index
from livsmiljo.workshops.services.meetings import project_create

PASSWORD = "ett-langt-losenord-for-test"


def person(username: str, org: Organisation | None, *, hidden: bool = False, **texts: Any) -> User:
    first, _, last = username.partition("_")
    user = user_create(username=first.lower(), password=PASSWORD, organisation=org)
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    PersonPage.objects.create(user=user, hidden=hidden, **texts)
    return user


def document(org: Organisation, title: str, page: int, text: str, *, kind: str = "rus") -> Document:
    doc = Document.objects.create(
        organisation=org,
        title=title,
        kind=kind,
        year=2024,
        file_name=f"{org.slug}-{kind}.pdf",
        file_format="pdf",
        content_hash=f"{org.slug}-{kind}-{page}",
        page_count=page,
        shared=True,
    )
    Passage.objects.create(
        document=doc,
        page=page,
        ordinal=0,
        heading="Klimatanpassning",
        text=text,
        word_count=len(text.split()),
    )
    passages_index(document=doc)
    document_embed(document=doc)
    return doc


@pytest.fixture
def network_world(db, settings, facilitator):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    org = {
        slug: Organisation.objects.get(slug=slug)
        for slug in ("ostergotland", "skane", "gotland", "tillvaxtverket", "vasterbotten", "norrbotten")
    }
    project_create(
        title="Lärprojektet",
        user=facilitator,
        organisations=[org[s] for s in ("ostergotland", "skane", "gotland", "tillvaxtverket")],
    )
    project_create(title="Ett annat projekt", user=facilitator, organisations=[org["vasterbotten"]])
    anna = person(
        "Anna_Ek",
        org["ostergotland"],
        curious_about="Hur kan vi anpassa städer och tätorter till skyfall och ett varmare klimat?",
        can_contribute="Vi har lång erfarenhet av ungdomsråd och dialog med unga om regionens utveckling.",
    )
    bo = person(
        "Bo_Lind",
        org["skane"],
        assignment="Jag leder regionens arbete med klimatanpassning och planering för skyfall.",
        wants_to_learn="Hur når vi unga människor i dialogen om regionens utveckling?",
    )
    hanna = person(
        "Hanna_Berg",
        org["gotland"],
        hidden=True,
        can_contribute="Klimatanpassning och skyfall i städer och tätorter är mitt område.",
    )
    carl = person(
        "Carl_Nord",
        org["tillvaxtverket"],
        can_contribute="Jag ansvarar för kulturstrategin, biblioteken och kulturarvet.",
        curious_about="Hur kan besöksnäringen växa på landsbygden?",
    )
    olle = person(
        "Olle_Fjall",
        org["vasterbotten"],
        can_contribute="Skyfall och klimatanpassning i städer, med erfarenhet från tio kommuner.",
    )
    charlie = user_create(username="charlie", password=PASSWORD, organisation=org["norrbotten"])
    strategy = document(
        org["skane"],
        "Skånes regionala utvecklingsstrategi",
        12,
        "Klimatanpassningen av städer och tätorter ska förebygga översvämningar vid skyfall och minska "
        "värmeböljornas effekter genom grönska och öppna dagvattenlösningar.",
    )
    own = document(
        org["ostergotland"],
        "Östergötlands strategi",
        4,
        "Klimatanpassning av tätorter mot skyfall är en del av Östergötlands arbete.",
    )
    draft = document(
        org["gotland"],
        "Utkast till Gotlands strategi",
        3,
        "Skyfall och klimatanpassning av städer och tätorter i utkastet.",
        kind="utkast",
    )
    return SimpleNamespace(
        org=org,
        anna=anna,
        bo=bo,
        hanna=hanna,
        carl=carl,
        olle=olle,
        charlie=charlie,
        facilitator=facilitator,
        strategy=strategy,
        own=own,
        draft=draft,
    )
