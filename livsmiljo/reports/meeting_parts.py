"""Parts of the meeting documentation that draw or reach into other apps: poll results as charts, the
matrix and its analysis, homework, library passages. Figures are named ("fraga-12", "matris-3") so the
platform page can fetch each image on its own (figure_image)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from livsmiljo.documents.models import Passage
from livsmiljo.engine.report import BulletList, Figure, Heading, Paragraph, Table
from livsmiljo.engine.report.model import Block
from livsmiljo.reports.labels import date_text
from livsmiljo.workshops import live
from livsmiljo.workshops.models import AgendaBlock, Meeting, Poll

CLOSING_KINDS = (AgendaBlock.Kind.REFLECTION, AgendaBlock.Kind.CHECKOUT)
MAX_ANSWERS = 100
MAX_WORDS = 40
PNG = "image/png"
CHART_CACHE_SECONDS = 24 * 3600


def table(
    caption: str, header: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: tuple[int, ...], name: str
) -> Table:
    return Table(caption, tuple(header), tuple(tuple(r) for r in rows), numeric=numeric, name=name)


def polls_in(meeting: Meeting, *, only: Sequence[str] = (), exclude: Sequence[str] = ()) -> list[Poll]:
    polls = meeting.polls.select_related("block").order_by("block__order", "id")
    if only:
        polls = polls.filter(block__kind__in=only)
    if exclude:
        polls = polls.exclude(block__kind__in=exclude)
    return list(polls)


# -- polls ---------------------------------------------------------------------------------------------


def poll_blocks(poll: Poll) -> list[Block]:
    results = live.results_payload(poll)
    total = results["total"]
    blocks: list[Block] = [
        Heading(2, poll.question, f"fraga-{poll.pk}"),
        Paragraph(ngettext("%(n)d svar", "%(n)d svar", total) % {"n": total}),
    ]
    if not total:
        return blocks
    figure = poll_figure(poll, results)
    if figure is not None:
        blocks.append(figure)
    if poll.kind == Poll.Kind.OPEN_TEXT:
        answers = results["answers"][:MAX_ANSWERS]
        blocks.append(BulletList(tuple(Paragraph(a["text"]) for a in answers)))
    return blocks


def poll_figure(poll: Poll, results: dict[str, Any] | None = None) -> Figure | None:
    """The poll's chart: a word cloud of its words, or bars of its counts; None for open text."""
    from livsmiljo.engine import poll_charts as charts

    results = results if results is not None else live.results_payload(poll)
    name = f"fraga-{poll.pk}"
    if poll.kind == Poll.Kind.WORDCLOUD:
        words = [(str(w), int(n)) for w, n in results.get("words", [])][:MAX_WORDS]
        listed = ", ".join(f"{w} ({n})" for w, n in words[:10])
        return Figure(
            _chart("cloud", words, lambda: charts.word_cloud(words)),
            PNG,
            _("Ordmoln över svaren på frågan ”%(question)s”. De vanligaste orden: %(words)s.")
            % {"question": poll.question, "words": listed},
            caption=_("Ordmoln: ju större ord, desto fler nämnde det."),
            table=table(
                poll.question,
                (_("Ord"), _("Antal")),
                [(w, str(n)) for w, n in words],
                numeric=(1,),
                name=name,
            ),
            name=name,
        )
    counts = results.get("counts")
    if not counts:
        return None
    points = poll.kind == Poll.Kind.RANKING
    unit = _("Poäng") if points else _("Antal svar")
    listed = ", ".join(f"{option} {n}" for option, n in counts.items())
    return Figure(
        _chart(
            "bars",
            [counts, unit],
            lambda: charts.bar_chart(list(counts), list(counts.values()), axis_label=unit),
        ),
        PNG,
        _("Stapeldiagram över svaren på frågan ”%(question)s”: %(counts)s.")
        % {"question": poll.question, "counts": listed},
        table=table(
            poll.question,
            (_("Svar"), unit),
            [(o, str(n)) for o, n in counts.items()],
            numeric=(1,),
            name=name,
        ),
        name=name,
    )


def _chart(kind: str, data: object, draw: Callable[[], bytes]) -> bytes:
    """A chart drawn once per set of numbers: the page, its image requests and the downloads share it."""
    key = "reports:chart:" + hashlib.sha256(json.dumps([kind, data], ensure_ascii=False).encode()).hexdigest()
    image = cache.get(key)
    if image is None:
        image = draw()
        cache.set(key, image, CHART_CACHE_SECONDS)
    return bytes(image)


# -- library passages ----------------------------------------------------------------------------------


def passages_by_id(ids: list[int]) -> dict[int, Passage]:
    """Passages of shared documents only, whatever the snapshot says (a document may be unshared since)."""
    found = Passage.objects.filter(pk__in=ids, document__shared=True).select_related("document__organisation")
    return {p.pk: p for p in found}


def passage_item(passage: Passage, public: bool) -> Paragraph:
    document = passage.document
    where = _("%(document)s (%(organisation)s), s. %(page)d") % {
        "document": document.title,
        "organisation": document.organisation,
        "page": passage.page,
    }
    heading = f" – {passage.heading}" if passage.heading else ""
    href = "" if public else reverse("analysis:passage", args=[passage.pk])
    return Paragraph(where + heading, href=href)


# -- the matrix ----------------------------------------------------------------------------------------


def matrix_blocks(meeting: Meeting, *, public: bool = False) -> list[Block]:
    """The meeting's matrices with their analysis; for the public only those marked public."""
    from livsmiljo.matrix.models import Matrix

    matrices = Matrix.objects.filter(block__meeting=meeting).order_by("block__order", "pk")
    if public:
        matrices = matrices.filter(public=True)
    blocks: list[Block] = []
    for matrix in matrices:
        blocks += _matrix(matrix)
    return [Heading(1, _("Målkonfliktsmatris"), "matris"), *blocks] if blocks else []


def _analysis(matrix: Any) -> Any:
    from livsmiljo.engine.matrix import analyse
    from livsmiljo.matrix.selectors import scored_matrix

    return analyse(scored_matrix(matrix))


def matrix_figure(matrix: Any, result: Any = None) -> Figure:
    from livsmiljo.matrix import charts

    result = result if result is not None else _analysis(matrix)
    rows = [(g, str(result.out[g]), str(result.in_[g])) for g in result.goals]
    numbers = table(
        _("Påverkan per mål"),
        (_("Mål"), _("Påverkar andra"), _("Påverkas av andra")),
        rows,
        numeric=(1, 2),
        name=f"matris-{matrix.pk}",
    )
    image = charts.render_chart("heatmap", "png", result)
    return Figure(image, PNG, charts.alt_texts(result)["heatmap"], table=numbers, name=f"matris-{matrix.pk}")


def _matrix(matrix: Any) -> list[Block]:
    result = _analysis(matrix)
    blocks: list[Block] = [Heading(2, matrix.title, f"matris-{matrix.pk}")]
    if matrix.description:
        blocks.append(Paragraph(matrix.description))
    if len(result.goals) < 2:
        return [*blocks, Paragraph(_("Matrisen har för få mål för en analys."), muted=True)]
    blocks.append(matrix_figure(matrix, result))
    conflicts = [Paragraph(f"{a} → {b} ({v:+d})".replace("-", "−")) for a, b, v in result.strong_conflicts]
    blocks.append(Heading(3, _("Starka målkonflikter")))
    blocks.append(
        BulletList(tuple(conflicts)) if conflicts else Paragraph(_("Inga starka målkonflikter."), muted=True)
    )
    clusters = [Paragraph(", ".join(c)) for c in result.clusters]
    blocks.append(Heading(3, _("Mål som förstärker varandra")))
    blocks.append(
        BulletList(tuple(clusters))
        if clusters
        else Paragraph(_("Inga grupper av mål som förstärker varandra."), muted=True)
    )
    return blocks


# -- homework ------------------------------------------------------------------------------------------


def homework_blocks(meeting: Meeting, *, public: bool) -> list[Block]:
    """Each assignment with what was handed in and shared; an unshared submission is only counted, and
    only for the project (its text and file stay with its organisation)."""
    from livsmiljo.homework.models import Submission
    from livsmiljo.homework.selectors import assignment_organisations, meeting_assignments

    assignments = meeting_assignments(meeting)
    if not assignments:
        return []
    blocks: list[Block] = [Heading(1, _("Hemuppgifter"), "hemuppgifter")]
    for assignment in assignments:
        submissions = Submission.objects.filter(assignment=assignment).select_related(
            "organisation", "document"
        )
        blocks.append(Heading(2, assignment.title))
        if assignment.instructions:
            blocks.append(Paragraph(assignment.instructions))
        if assignment.due_date:
            blocks.append(Paragraph(_("Senast %(date)s.") % {"date": date_text(assignment.due_date)}))
        if not public:
            handed = len({s.organisation_id for s in submissions})
            expected = len(assignment_organisations(assignment))
            handed_in = ngettext(
                "Inlämnat av %(n)d av %(m)d organisation.",
                "Inlämnat av %(n)d av %(m)d organisationer.",
                expected,
            )
            blocks.append(Paragraph(handed_in % {"n": handed, "m": expected}))
        shared = [_submission_item(s) for s in submissions if s.shared]
        if shared:
            blocks.append(BulletList(tuple(shared)))
    return blocks


def _submission_item(submission: Any) -> Paragraph:
    what = submission.document.title if submission.document_id else submission.file_name or submission.text
    return Paragraph(f"{submission.organisation}: {what[:300]}")
