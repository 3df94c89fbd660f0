"""The data migration that brings the seeded framework up to issue 13's tagging keeps facilitators' edits."""

from importlib import import_module

import pytest
from django.apps import apps

from livsmiljo.analysis.models import Theme
from livsmiljo.engine.classify_seed_themes import THEMES

pytestmark = pytest.mark.django_db

migration = import_module("livsmiljo.analysis.migrations.0005_sharper_tagging_seed")


def _seeded_examples(key: str) -> list[str]:
    return [str(x) for x in next(t for t in THEMES if t["id"] == key)["examples"]]  # type: ignore[attr-defined]


def test_examples_still_as_first_seeded_get_the_new_ones_and_edited_examples_are_left_alone():
    health, culture = Theme.objects.get(key="halsa"), Theme.objects.get(key="kultur")
    health.examples = "\n".join(_seeded_examples("halsa")[:5])  # the five examples seeded before
    health.save()
    culture.examples = "Vår egen mening om kultur."
    culture.save()
    migration.forwards(apps, None)
    health.refresh_from_db()
    culture.refresh_from_db()
    assert health.example_list == _seeded_examples("halsa") and len(health.example_list) == 10
    assert culture.examples == "Vår egen mening om kultur."


def test_a_new_installation_is_seeded_with_the_new_text_and_the_migration_changes_nothing():
    before = {t.key: (t.signals, t.examples) for t in Theme.objects.all()}
    migration.forwards(apps, None)
    assert {t.key: (t.signals, t.examples) for t in Theme.objects.all()} == before
    assert all(len(t.example_list) == 10 for t in Theme.objects.all())
