"""Seed the framework (themes, groups, areas, roles, goal conflicts, cue words, goal and principles)."""

from django.db import migrations

from livsmiljo.engine import classify_seed as seed


def _lines(value):
    return "\n".join(value) if isinstance(value, (list, tuple)) else str(value or "")


def _signals(text):
    return "\n".join(part.strip() for part in str(text).replace("\n", " ").split(",") if part.strip())


def forwards(apps, schema_editor):
    Theme = apps.get_model("analysis", "Theme")
    themes = {}
    for order, item in enumerate(seed.THEMES):
        themes[item["id"]] = Theme.objects.create(
            key=item["id"], name=item["name"], description=item["description"], order=order,
            signals=_signals(item["signals"]), examples=_lines(item["examples"]),
        )
    Group = apps.get_model("analysis", "Group")
    for order, item in enumerate(seed.GROUPS):
        Group.objects.create(key=item["id"], name=item["name"], description=item["description"], order=order,
                             signals=_signals(item["signals"]))
    for model_name, items in (("StrategicArea", seed.AREAS), ("Role", seed.ROLES)):
        Model = apps.get_model("analysis", model_name)
        for order, item in enumerate(items):
            obj = Model.objects.create(key=item["id"], name=item["name"], description=item["description"],
                                       order=order, signals=_signals(item["signals"]))
            obj.themes.set([themes[t] for t in item["themes"]])
    GoalConflict = apps.get_model("analysis", "GoalConflict")
    for order, item in enumerate(seed.CONFLICTS):
        GoalConflict.objects.create(
            key=item["id"], name=item["name"], description=item["description"], order=order,
            signals=_signals(item["signals"]), examples=_lines(item["examples"]),
            theme_a=themes[item["theme_a"]], theme_b=themes[item["theme_b"]],
        )
    CueList = apps.get_model("analysis", "CueList")
    CueList.objects.create(key="konflikt", name="Ord som uttrycker en målkonflikt", order=0,
                           description="Starka signaler: räcker tillsammans med två teman.",
                           signals=_signals(seed.CONFLICT_CUES_STRONG))
    CueList.objects.create(key="kontrast", name="Ord som uttrycker en motsättning", order=1,
                           description="Svaga signaler: räknas bara tillsammans med andra belägg.",
                           signals=_signals(seed.CONFLICT_CUES_WEAK))
    Principle = apps.get_model("analysis", "Principle")
    Principle.objects.create(key="mal", name=seed.GOAL["name"], description=seed.GOAL["description"],
                             is_goal=True, order=0)
    for order, item in enumerate(seed.PRINCIPLES, start=1):
        Principle.objects.create(key=item["id"], name=item["name"], description=item["description"], order=order)


def backwards(apps, schema_editor):
    for name in ("GoalConflict", "StrategicArea", "Role", "Group", "CueList", "Principle", "Theme"):
        apps.get_model("analysis", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("analysis", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
