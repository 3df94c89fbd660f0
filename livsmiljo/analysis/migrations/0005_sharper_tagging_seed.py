"""Bring the seeded framework up to the sharper tagging (issue 13): ten own examples per theme, broad
growth words marked weak, and goal conflicts whose descriptions name their two sides ("Att X …, mot Y …")
with words for each side.

A field is replaced only while it is still exactly as first seeded (compared by hash), so a facilitator's
own edits stay as they are. New installations get the new text from the seed data directly (0002).
"""

import hashlib

from django.db import migrations

from livsmiljo.engine import classify_seed as seed

# sha256[:16] of each field as seeded before this migration (0002, with 0004's weak marks).
THEMES_AS_SEEDED = {
    "halsa": {
        "description": "ead002b1192b7103",
        "signals": "7fff30f6be13ae99",
        "examples": "526bfd20c3863004",
    },
    "utbildning": {
        "description": "04a277a91de84be7",
        "signals": "9ccc68d8caf5a19d",
        "examples": "4efc0d58d2d154f7",
    },
    "kompetens": {
        "description": "115a61e24fa8d0eb",
        "signals": "209436a3bb89acd9",
        "examples": "de10fb140abcc6c0",
    },
    "kultur": {
        "description": "8577bef902937719",
        "signals": "95c5df36e4e42a97",
        "examples": "71b37e433b411bcb",
    },
    "trygghet": {
        "description": "ab3c2d51f6c0a6e0",
        "signals": "0604b76cfed4fc45",
        "examples": "7a26a81303a1ea7b",
    },
    "transporter": {
        "description": "9fcccda8c2067d96",
        "signals": "e2dd45a8ee4bcde3",
        "examples": "f4cbf5f063714c8c",
    },
    "digital": {
        "description": "d26d654a07ae5949",
        "signals": "3ac967ae19e7689f",
        "examples": "8803ea1305ae7373",
    },
    "boende": {
        "description": "31314bbfb44b4dcc",
        "signals": "4288e66b70c15c1d",
        "examples": "e87c32ca3f7f8e52",
    },
    "naringsliv": {
        "description": "38fe5d90744243d9",
        "signals": "ef117ae5d43717f1",
        "examples": "3d356ae9f027580c",
    },
    "klimat": {
        "description": "ec14dd82ef9a5e98",
        "signals": "89fe917f0a47d242",
        "examples": "5ae1feec0a5116f8",
    },
    "natur": {
        "description": "a7225296986a3618",
        "signals": "7acc5fcaf62ceb68",
        "examples": "41d9f5f87b755c6f",
    },
    "delaktighet": {
        "description": "817285f0a69ffef7",
        "signals": "b3fb2f3fce2b85b4",
        "examples": "36e3fdf51ce6af88",
    },
    "inkludering": {
        "description": "a53c4b9f9c0253c2",
        "signals": "82891f57afcd3474",
        "examples": "4704bead1f9cf072",
    },
    "samverkan": {
        "description": "1a5195915549c165",
        "signals": "68b78aa70725267f",
        "examples": "4763573567627654",
    },
}
CONFLICTS_AS_SEEDED = {
    "halsa_kortsiktig_avkastning": {
        "description": "b507988e54e3e12b",
        "signals": "f858b3423b9b6a08",
        "examples": "c7c341a81de5a891",
    },
    "tillganglighet_kostnad": {
        "description": "c6cdaf8c99678251",
        "signals": "e54e9c5eb7abcd2a",
        "examples": "9ffed88f35ff5108",
    },
    "tillvaxt_manniska_natur": {
        "description": "1f250c0c4390bc42",
        "signals": "e4049ce2e86761c7",
        "examples": "74802ff5c6872483",
    },
    "vindkraft_gruvor_rennaring": {
        "description": "3358f660470d4e89",
        "signals": "06066d9fe59a3fef",
        "examples": "4388fee5152a723c",
    },
    "fortatning_gronomraden": {
        "description": "870f83c75616b207",
        "signals": "a47e1e622721d844",
        "examples": "480cafabc6f79ac4",
    },
    "centralisering_vard_tillganglighet": {
        "description": "c50f96926e79bbca",
        "signals": "4bd046ac42c6b213",
        "examples": "ef855b7c24df995a",
    },
    "bevarande_utveckling": {
        "description": "321a59ffff2302b2",
        "signals": "053efd392412ed63",
        "examples": "df03987fce40dcef",
    },
}


def _signals(text):
    return "\n".join(part.strip() for part in str(text).replace("\n", " ").split(",") if part.strip())


def _lines(value):
    return "\n".join(value) if isinstance(value, (list, tuple)) else str(value or "")


def _hash(text):
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _seeded(item):
    return {
        "description": str(item["description"]),
        "signals": _signals(item["signals"]),
        "examples": _lines(item.get("examples", ())),
    }


def _update(model, items, as_seeded):
    for item in items:
        row = model.objects.filter(key=item["id"]).first()
        old = as_seeded.get(item["id"])
        if row is None or old is None:
            continue
        changed = [
            field
            for field, value in _seeded(item).items()
            if _hash(getattr(row, field)) == old[field] and getattr(row, field) != value
        ]
        for field in changed:
            setattr(row, field, _seeded(item)[field])
        if changed:
            row.save(update_fields=changed)


def forwards(apps, schema_editor):
    _update(apps.get_model("analysis", "Theme"), seed.THEMES, THEMES_AS_SEEDED)
    _update(apps.get_model("analysis", "GoalConflict"), seed.CONFLICTS, CONFLICTS_AS_SEEDED)


class Migration(migrations.Migration):
    dependencies = [("analysis", "0004_weak_theme_signals")]

    # Backwards leaves the text as it is: the tagging method's version decides when tags are redone.
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
