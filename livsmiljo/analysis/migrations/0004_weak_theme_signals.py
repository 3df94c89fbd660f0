"""Mark broad signal words weak ("aktörer?"): they strengthen a theme but no longer establish it alone.

Only signal lines that are still exactly as seeded are marked, so a facilitator's own edits stay as they are.
New installations get the marks from the seed data directly (0002).
"""

from django.db import migrations

from livsmiljo.engine import classify_seed_themes as seed
from livsmiljo.engine.classify_text import WEAK, parse_signals


def _weak_signals():
    found = {}
    for item in seed.THEMES:
        weak = {s[: -len(WEAK)] for s in parse_signals(str(item["signals"])) if s.endswith(WEAK)}
        if weak:
            found[item["id"]] = weak
    return found


def _rewrite(apps, mark):
    Theme = apps.get_model("analysis", "Theme")
    for key, weak in _weak_signals().items():
        theme = Theme.objects.filter(key=key).first()
        if theme is None:
            continue
        lines = theme.signals.split("\n")
        new = [mark(line.strip(), weak) if line.strip() else line for line in lines]
        if new != lines:
            theme.signals = "\n".join(new)
            theme.save(update_fields=["signals"])


def forwards(apps, schema_editor):
    _rewrite(apps, lambda line, weak: line + WEAK if line in weak else line)


def backwards(apps, schema_editor):
    _rewrite(
        apps,
        lambda line, weak: line[: -len(WEAK)] if line.endswith(WEAK) and line[: -len(WEAK)] in weak else line,
    )


class Migration(migrations.Migration):
    dependencies = [("analysis", "0003_retagrun_heartbeat")]

    operations = [migrations.RunPython(forwards, backwards)]
