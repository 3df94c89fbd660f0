"""An organisation's strategy profile as a report: what the lens found, each finding with its page.

The numbers come from analysis/profiles.py (the same profile the analysis page shows) and
analysis/comparison.py (peers); this module only words and orders them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.analysis.comparison import peers_among
from livsmiljo.analysis.models import Theme
from livsmiljo.analysis.profiles import Coverage, PassageRef, Profile, profile_build
from livsmiljo.documents.models import Document
from livsmiljo.engine.report import (
    Block,
    BulletList,
    Figure,
    Heading,
    Paragraph,
    Quote,
    Report,
    Source,
    Table,
)
from livsmiljo.engine.report.charts import bar_chart_png
from livsmiljo.organisations.models import Organisation, User
from livsmiljo.reports.labels import date_text, percent, report_labels, report_language

AUDIENCES = ("project", "public")
PEER_THEMES = 3
PEERS = 4
CONFLICTS = 8
QUOTES = 2


class ProfileNotPublished(Exception):
    """The public report of an organisation that has not chosen to publish its profile."""


def report_documents(
    organisation: Organisation, *, audience: str = "project", user: User | None = None
) -> QuerySet[Document]:
    """The documents a report may draw on: for the public, the shared ones of an organisation that chose
    to publish; for the project, those the user may see (all, when run from the command line)."""
    if audience == "public":
        if not organisation.publish_profile:
            raise ProfileNotPublished(organisation.slug)
        return organisation.documents.filter(shared=True)
    documents = Document.objects.visible_to(user) if user is not None else Document.objects.all()
    return documents.adopted().filter(organisation=organisation)


def build_organisation_report(
    organisation: Organisation, *, audience: str = "project", user: User | None = None
) -> Report:
    if audience not in AUDIENCES:
        raise ValueError(audience)
    documents = list(report_documents(organisation, audience=audience, user=user).order_by("title"))
    profile = profile_build(title=organisation.name, documents=documents, area_pages=True)
    cite = _Citer(links=audience != "public", with_title=len(documents) > 1)
    today = timezone.localdate()
    report = Report(
        title=_("Strategiprofil: %(name)s") % {"name": organisation.name},
        subtitle=_("Hur strategierna tar upp hållbara livsmiljöer, enligt linsens analys"),
        date=today,
        date_text=date_text(today),
        language=report_language(),
        author=organisation.name,
        made_by=_(
            "Profilen bygger på linsens taggning av strategiernas stycken (lokal AI, rättad av "
            "organisationerna). Varje uppgift hänvisar till sidan där den står."
        ),
        labels=report_labels(),
    )
    report.add(*_intro(profile, cite))
    if not profile.tagged:
        return report.add(Paragraph(_("Strategierna är inte taggade ännu, så profilen är tom."), muted=True))
    report.add(*_themes(profile, cite), *_groups(profile, cite), *_areas(profile, cite))
    report.add(*_conflicts(profile, cite))
    return report.add(*_peers(profile, organisation, _peer_documents(audience, user), cite))


class _Citer:
    """Page citations: "s. 12" (with the document's title when the report draws on several)."""

    def __init__(self, *, links: bool, with_title: bool) -> None:
        self.links, self.with_title = links, with_title

    def __call__(self, ref: PassageRef, *, title: bool = False) -> Source:
        page = f"{_('s.')}\u00a0{ref.page}"
        text = f"{ref.document_title}, {page}" if (title or self.with_title) else page
        return Source(kind="passage", id=ref.passage_id, label=text, href=ref.url if self.links else "")

    def all(self, refs: Iterable[PassageRef], *, title: bool = False) -> tuple[Source, ...]:
        return tuple(self(r, title=title) for r in refs)


def _intro(profile: Profile, cite: _Citer) -> list[Block]:
    text = _("Underlaget är %(documents)s dokument med %(passages)s taggade stycken.") % {
        "documents": len(profile.documents),
        "passages": profile.passages,
    }
    items = tuple(
        Paragraph(d.title, href=reverse("documents:detail", args=[d.pk]) if cite.links else "")
        for d in profile.documents
    )
    blocks: list[Block] = [Paragraph(text)]
    return [*blocks, BulletList(items)] if items else blocks


def _coverage_table(caption: str, first: str, items: list[Coverage], name: str) -> Table:
    return Table(
        caption=caption,
        header=(first, _("Andel stycken (%)"), _("Antal stycken")),
        rows=tuple((c.name, str(c.percent), str(c.count)) for c in items),
        numeric=(1, 2),
        name=name,
    )


def _themes(profile: Profile, cite: _Citer) -> list[Block]:
    shown = [c for c in profile.themes if c.count]
    caption = _("Andel av styckena som tar upp varje tema")
    # The figure carries the caption; its table is captioned "the figures behind the chart" by the renderers.
    table = _coverage_table("", _("Tema"), profile.themes, "teman")
    strongest = ", ".join(f"{c.name} {percent(c.share)}" for c in shown[:3])
    alt = _("Stapeldiagram över andelen stycken per tema. Störst: %(list)s.") % {"list": strongest}
    chart = bar_chart_png([c.name for c in profile.themes], [c.percent for c in profile.themes])
    return [
        Heading(1, _("Teman"), anchor="teman"),
        Figure(chart, "image/png", alt, caption=caption, table=table, name="teman"),
        BulletList(
            tuple(Paragraph(f"{c.name}: {percent(c.share)}", sources=cite.all(c.passages)) for c in shown)
        ),
    ]


def _groups(profile: Profile, cite: _Citer) -> list[Block]:
    blocks: list[Block] = [Heading(1, _("Grupper som nämns"), anchor="grupper")]
    if profile.groups_named:
        blocks.append(
            BulletList(tuple(Paragraph(g.name, sources=cite.all(g.passages)) for g in profile.groups_named))
        )
    else:
        blocks.append(Paragraph(_("Ingen av ramverkets grupper nämns."), muted=True))
    if profile.groups_not_found:
        names = ", ".join(g.name for g in profile.groups_not_found)
        blocks.append(Paragraph(_("Nämns inte: %(names)s.") % {"names": names}, muted=True))
    return blocks


def _areas(profile: Profile, cite: _Citer) -> list[Block]:
    caption = _("Andel av styckena som rör varje nationellt strategiskt område")
    named = [a for a in profile.areas if a.count]
    blocks: list[Block] = [
        Heading(1, _("Nationella strategiska områden"), anchor="omraden"),
        _coverage_table(caption, _("Område"), profile.areas, "omraden"),
    ]
    if named:
        blocks.append(BulletList(tuple(Paragraph(a.name, sources=cite.all(a.passages)) for a in named)))
    return blocks


def _conflicts(profile: Profile, cite: _Citer) -> list[Block]:
    blocks: list[Block] = [Heading(1, _("Målkonflikter"), anchor="malkonflikter")]
    if not profile.conflicts:
        return [*blocks, Paragraph(_("Inga målkonflikter har hittats i de taggade styckena."), muted=True)]
    for finding in profile.conflicts[:CONFLICTS]:
        blocks.append(Heading(2, finding.name))
        if finding.description:
            blocks.append(Paragraph(finding.description))
        blocks += [Quote(p.snippet, source=cite(p)) for p in finding.passages[:QUOTES]]
        if rest := finding.passages[QUOTES:]:
            blocks.append(Paragraph(_("Fler ställen:"), sources=cite.all(rest)))
    return blocks


def _peer_documents(audience: str, user: User | None) -> QuerySet[Document]:
    if audience == "public":
        return Document.objects.filter(shared=True, organisation__publish_profile=True)
    return Document.objects.visible_to(user) if user is not None else Document.objects.all()


def _peers(
    profile: Profile, organisation: Organisation, documents: QuerySet[Document], cite: _Citer
) -> list[Block]:
    blocks: list[Block] = [Heading(1, _("Andra som arbetar med samma teman"), anchor="andra")]
    keys = [c.key for c in profile.themes if c.count][:PEER_THEMES]
    themes = Theme.objects.in_bulk(keys, field_name="key")
    for key in keys:
        found = peers_among(documents=documents, organisation=organisation, theme=themes[key], limit=PEERS)
        blocks.append(Heading(2, themes[key].name))
        items = tuple(
            Paragraph(f"{p.organisation.name}: {percent(p.share)}", sources=cite.all(p.passages, title=True))
            for p in found
        )
        blocks.append(
            BulletList(items) if items else Paragraph(_("Ingen annan organisation ännu."), muted=True)
        )
    if not keys:
        blocks.append(Paragraph(_("Ingen annan organisation ännu."), muted=True))
    return blocks
