"""The analysis page's charts (drawn by the engine) with their alt texts, and the comparison of matrices.

Every chart stands next to a table with the same numbers; the alt text says what the chart shows and, for
the network, which links are strongest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from livsmiljo.matrix import insights
from livsmiljo.matrix.models import Matrix

KINDS = ("heatmap", "paverkan", "natverk")
FORMATS = {"svg": "image/svg+xml", "png": "image/png"}
STRONGEST = 3  # links of each sign named in the network's alt text


def chart_labels() -> Any:
    from livsmiljo.engine.matrix import ChartLabels

    return ChartLabels(
        rows=_("Om framsteg görs på …"),
        columns=_("… så påverkas"),
        scale=_("Poäng"),
        missing=_("saknas"),
        out=_("Påverkar andra (summan av raden)"),
        in_=_("Påverkas av andra (summan av kolumnen)"),
        total=_("Summa av poängen"),
        positive=_("Förstärker (+2, +3)"),
        negative=_("Motverkar (−2, −3)"),
    )


def render_chart(kind: str, fmt: str, result: Any) -> bytes:
    from livsmiljo.engine import matrix as engine

    labels = chart_labels()
    if kind == "heatmap":
        return bytes(engine.heatmap(result.matrix, labels, fmt=fmt))
    if kind == "paverkan":
        return bytes(engine.influence_bars(result, labels, fmt=fmt))
    return bytes(engine.network(result, labels, fmt=fmt))


def _links_words(links: Sequence[Sequence[Any]]) -> str:
    from livsmiljo.engine.matrix import score_text

    return ", ".join(
        _("%(source)s → %(target)s (%(score)s)") % {"source": a, "target": b, "score": score_text(v)}
        for a, b, v in links
    )


def network_alt(result: Any) -> str:
    """The engine's facts about the network (counts, strongest links) in a translated sentence."""
    from livsmiljo.engine.matrix import network_alt_text

    facts = network_alt_text(result, limit=STRONGEST)
    text = _(
        "Nätverk med %(goals)d mål och %(links)d starka samband (±2 eller mer): heldragna blå pilar "
        "förstärker, streckade röda pilar motverkar."
    ) % {"goals": facts["goals"], "links": facts["links"]}
    if facts["positive"]:
        text += " " + _("Starkast förstärkning: %(links)s.") % {"links": _links_words(facts["positive"])}
    if facts["negative"]:
        text += " " + _("Starkast motverkan: %(links)s.") % {"links": _links_words(facts["negative"])}
    if not facts["links"]:
        text += " " + _("Inga samband är starka nog att ritas.")
    return text


def alt_texts(result: Any) -> dict[str, str]:
    return {
        "heatmap": _(
            "Värmekarta över matrisen med %(n)d mål: rad = målet som går framåt, kolumn = målet som "
            "påverkas; blått är positivt, rött negativt och randigt saknas. Siffrorna står i tabellen "
            "Matrisen."
        )
        % {"n": len(result.goals)},
        "paverkan": _(
            "Stapeldiagram över varje måls påverkan på andra (summan av raden) och påverkan från andra "
            "(summan av kolumnen). Siffrorna står i tabellen Påverkan per mål."
        ),
        "natverk": network_alt(result),
    }


def _labels(chosen: Sequence[Matrix]) -> list[str]:
    return [f"{m.title} ({m.project.title})" for m in chosen]


def comparison_context(chosen: Sequence[Matrix], scored: Sequence[Any]) -> dict[str, Any]:
    """The comparison page's figures: per later matrix, its differences from the first."""
    from livsmiljo.engine.matrix import compare

    labels = _labels(chosen)
    result = compare(scored, labels)
    if len(result.goals) < 2:
        return {"too_few": True, "labels": labels}
    differences = []
    for k, diff in enumerate(result.differences, start=1):
        differences.append(
            {
                "label": labels[k],
                "matrix": chosen[k],
                "grid": insights.difference_grid(diff),
                "goals": [
                    (
                        g,
                        result.out[0][g],
                        result.out[k][g],
                        result.out_differences[k - 1][g],
                        result.in_[0][g],
                        result.in_[k][g],
                        result.in_differences[k - 1][g],
                    )
                    for g in result.goals
                ],
                "largest": [insights.Link(*link) for link in result.largest[k - 1]][:10],
            }
        )
    return {
        "too_few": False,
        "labels": labels,
        "base": chosen[0],
        "shared": result.goals,
        "only_in": list(zip(labels, result.only_in, strict=True)),
        "differences": differences,
    }


def difference_chart(fmt: str, chosen: Sequence[Matrix], scored: Sequence[Any]) -> bytes | None:
    """The heatmap of the second matrix minus the first; None when they share fewer than two goals."""
    from livsmiljo.engine import matrix as engine

    result = engine.compare(scored, _labels(chosen))
    if len(result.goals) < 2:
        return None
    title = _("Skillnad: %(other)s minus %(base)s") % {"other": chosen[1].title, "base": chosen[0].title}
    return bytes(engine.heatmap(result.differences[0], chart_labels(), title=title, fmt=fmt))
