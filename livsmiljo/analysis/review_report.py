"""A draft's review as a `Report` (Markdown, DOCX, PDF): the same findings as the page, each with its page."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from livsmiljo.analysis.profiles import PassageRef
from livsmiljo.analysis.review import CoverageLine, Review
from livsmiljo.engine.report import Block, BulletList, Heading, Paragraph, Report, Source, Table
from livsmiljo.reports.labels import date_text, percent, report_labels, report_language


def method_text() -> list[str]:
    """ "Så här har vi bedömt": the rules in plain Swedish, shown on the page and in the report."""
    return [
        _(
            "Teman, grupper, strategiska områden och regionens roller kommer från linsens taggning av "
            "varje stycke. Andelen är hur stor del av utkastets stycken som tar upp något. Den jämförs med "
            "medianen av de andra organisationernas strategier som du har tillgång till."
        ),
        _(
            "Saknas: inget stycke i utkastet tar upp det, men minst en annan organisation gör det. "
            "Svagare: andelen är under hälften av medianen. "
            "Starkare: andelen är över dubbla medianen (eller medianen är 0)."
        ),
        _(
            "En mening räknas som ett mål när den innehåller ”ska”, ”skall”, ”vill”, ”mål” (även ”målet”, "
            "”delmål”) eller ”ambition”. Målet är mätbart när meningen har en siffra, ett årtal, en "
            "procentsats, ”öka med”, ”minska med”, ”halvera”, ”fördubbla” eller ”senast”. "
            "Målet har en ägare när meningen nämner en aktör: ”regionen”, ”kommunen”, "
            "”kommunerna”, ”länsstyrelsen”, ”Region …”, en organisations namn eller ”ansvarig”. "
            "”Vi” räknas inte som ägare."
        ),
        _("Allt som visas hänvisar till sidan där det står. Inget är skrivet av en språkmodell."),
    ]


def _cite(ref: PassageRef) -> Source:
    label = f"{ref.organisation}: {ref.document_title}, {_('s.')}\u00a0{ref.page}"
    return Source(kind="passage", id=ref.passage_id, label=label, href=ref.url)


def _quotes(refs: Iterable[PassageRef]) -> BulletList:
    return BulletList(items=tuple(Paragraph(text=r.snippet, sources=(_cite(r),)) for r in refs))


def _table(caption: str, name: str, lines: list[CoverageLine]) -> Table:
    header = (
        _("Namn"),
        _("Utkastet"),
        _("Stycken"),
        _("Median andra"),
        _("Andra som tar upp det"),
        _("Bedömning"),
    )
    rows = tuple(
        (
            line.name,
            percent(line.row.draft_share),
            str(line.row.draft_count),
            percent(line.row.peer_median),
            f"{line.row.peers_with}/{line.row.peers_total}",
            line.status_text,
        )
        for line in lines
    )
    return Table(caption=caption, header=header, rows=rows, numeric=(1, 2, 3), name=name)


def _gap_blocks(review: Review) -> list[Block]:
    blocks: list[Block] = [Heading(2, _("Luckor"))]
    if not review.gaps:
        blocks.append(
            Paragraph(_("Utkastet tar upp allt som de andra organisationerna skriver om."), muted=True)
        )
    for gap in review.gaps:
        text = _("Inga stycken om %(name)s; %(orgs)s skriver om det:") % {
            "name": gap.name.lower(),
            "orgs": gap.organisations_text,
        }
        blocks += [Heading(3, gap.name), Paragraph(text), _quotes(gap.passages)]
    return blocks


def _conflict_blocks(review: Review) -> list[Block]:
    blocks: list[Block] = [Heading(2, _("Målkonflikter som andra tar upp men inte utkastet"))]
    if not review.conflicts:
        blocks.append(
            Paragraph(_("Inga: utkastet tar upp de målkonflikter som de andra skriver om."), muted=True)
        )
    for finding in review.conflicts:
        blocks += [Heading(3, finding.name)]
        if finding.description:
            blocks.append(Paragraph(finding.description, muted=True))
        blocks.append(_quotes(finding.passages))
    return blocks


def _goal_blocks(review: Review) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, _("Mål utan mätbart mål eller ägare")),
        Paragraph(
            _("%(gaps)s av utkastets %(goals)s målmeningar saknar ett mätbart mål, en ägare eller båda.")
            % {"gaps": len(review.goals), "goals": review.goal_sentences}
        ),
    ]
    items = []
    for note in review.goals:
        missing = [_("mätbart mål")] * note.gap.check.lacks_target + [_("ägare")] * note.gap.check.lacks_owner
        text = f"{note.gap.check.sentence} ({_('saknar')}: {', '.join(missing)})"
        items.append(Paragraph(text=text, sources=(_cite(note.ref),)))
    if items:
        blocks.append(BulletList(items=tuple(items)))
    return blocks


def review_report(review: Review) -> Report:
    today = timezone.localdate()
    document = review.document
    report = Report(
        title=_("Granskning av utkast: %(title)s") % {"title": document.title},
        subtitle=_("Jämfört med ramverket och %(n)s andra organisationers strategier")
        % {"n": len(review.peers)},
        date=today,
        date_text=date_text(today),
        language=report_language(),
        author=document.organisation.name,
        made_by=_(
            "Granskningen bygger på linsens taggning och enkla regler; varje uppgift hänvisar till sin sida."
        ),
        labels=report_labels(),
    )
    report.add(Heading(2, _("Så här har vi bedömt")), *(Paragraph(t, muted=True) for t in method_text()))
    report.add(
        Heading(2, _("Täckning")),
        _table(_("Teman"), "teman", review.themes),
        _table(_("Grupper som inte ska lämnas utanför"), "grupper", review.groups),
        _table(_("Nationella strategiska områden"), "omraden", review.areas),
        _table(_("Regionens roller"), "roller", review.roles),
    )
    report.add(*_gap_blocks(review), *_conflict_blocks(review), *_goal_blocks(review))
    return report
