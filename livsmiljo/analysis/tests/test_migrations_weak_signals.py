"""The data migration that marks broad theme signal words weak keeps a facilitator's own edits."""

from importlib import import_module

import pytest
from django.apps import apps

from livsmiljo.analysis.models import Theme

pytestmark = pytest.mark.django_db

migration = import_module("livsmiljo.analysis.migrations.0004_weak_theme_signals")


def test_seeded_broad_words_are_marked_weak_and_edited_lines_are_left_alone():
    theme = Theme.objects.get(key="samverkan")
    theme.signals = "samverk*\ntillsammans\naktörer* i länet\nkommuner"
    theme.save()
    migration.forwards(apps, None)
    theme.refresh_from_db()
    assert theme.signals.split("\n") == ["samverk*", "tillsammans?", "aktörer* i länet", "kommuner?"]
    migration.forwards(apps, None)
    theme.refresh_from_db()
    assert theme.signals.count("?") == 2
    migration.backwards(apps, None)
    theme.refresh_from_db()
    assert theme.signals == "samverk*\ntillsammans\naktörer* i länet\nkommuner"
