from django.db import migrations
from django.utils.text import slugify

REGIONS = [
    "Norrbotten", "Västerbotten", "Västernorrland", "Jämtland Härjedalen", "Dalarna", "Västmanland",
    "Stockholm", "Gotland", "Sörmland", "Östergötland", "Värmland", "Västra Götaland", "Jönköping",
    "Kronoberg", "Halland", "Skåne",
]
PARTNERS = ["Arkdes", "RISE", "Vinnova", "SKR", "Nordregio"]


def seed(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    rows = [(f"Region {name}", slugify(name), "region") for name in REGIONS]
    rows += [("Tillväxtverket", "tillvaxtverket", "myndighet")]
    rows += [(name, slugify(name), "partner") for name in PARTNERS]
    for name, slug, kind in rows:
        Organisation.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})


def unseed(apps, schema_editor):
    apps.get_model("organisations", "Organisation").objects.filter(documents__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
