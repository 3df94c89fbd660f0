"""Comparing organisations: organisations × themes matrix, profile similarity, "who else works on this"."""

import io
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.utils.translation import gettext as _

from livsmiljo.analysis.models import Theme
from livsmiljo.analysis.profiles import PassageRef, passage_refs, shares, tag_rows
from livsmiljo.documents.models import Document
from livsmiljo.organisations.models import Organisation, User


@dataclass
class Matrix:
    """Share of passages per theme (mean over each organisation's documents), one row per organisation."""

    organisations: list[Organisation]
    themes: list[Theme]
    values: np.ndarray  # organisations × themes, 0..1
    documents: dict[int, int]  # organisation id -> number of tagged documents

    def rows(self) -> list[tuple[Organisation, list[float]]]:
        return [(org, [float(v) for v in self.values[i]]) for i, org in enumerate(self.organisations)]

    def similarity(self) -> np.ndarray:
        norms = np.linalg.norm(self.values, axis=1, keepdims=True)
        unit = np.divide(self.values, norms, out=np.zeros_like(self.values), where=norms > 0)
        return unit @ unit.T


def _rows_by_org(user: User, kind: str = "") -> dict[int, list[dict[str, Any]]]:
    documents = Document.objects.visible_to(user).adopted()
    if kind:
        documents = documents.filter(kind=kind)
    return _rows_of(documents)


def _rows_of(documents: Iterable[Document]) -> dict[int, list[dict[str, Any]]]:
    by_org: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in tag_rows(documents):
        by_org[row["document__organisation_id"]].append(row)
    return by_org


def matrix_build(*, user: User, kind: str = "") -> Matrix:
    """The matrix over the documents the user may see (optionally only one kind, e.g. RUS)."""
    themes = list(Theme.objects.all())
    keys = [t.key for t in themes]
    by_org = _rows_by_org(user, kind)
    organisations = list(Organisation.objects.filter(pk__in=by_org).order_by("name"))
    values = np.array(
        [[shares(by_org[o.pk], "themes", keys)[k] for k in keys] for o in organisations], dtype=float
    ).reshape(len(organisations), len(keys))
    documents = {o.pk: len({r["document_id"] for r in by_org[o.pk]}) for o in organisations}
    return Matrix(organisations=organisations, themes=themes, values=values, documents=documents)


def similar_organisations(
    matrix: Matrix, organisation: Organisation, limit: int = 5
) -> list[tuple[Organisation, float]]:
    if organisation not in matrix.organisations:
        return []
    i = matrix.organisations.index(organisation)
    sims = matrix.similarity()[i]
    order = [j for j in np.argsort(-sims) if j != i]
    return [(matrix.organisations[j], float(sims[j])) for j in order[:limit]]


@dataclass
class Peer:
    organisation: Organisation
    share: float
    passages: list[PassageRef]


def peers_for(*, user: User, organisation: Organisation, theme: Theme, limit: int = 6) -> list[Peer]:
    """Other organisations whose visible documents work on the theme, strongest passages first."""
    return peers_among(
        documents=Document.objects.visible_to(user).adopted(),
        organisation=organisation,
        theme=theme,
        limit=limit,
    )


def peers_among(
    *, documents: Iterable[Document], organisation: Organisation, theme: Theme, limit: int = 6
) -> list[Peer]:
    """`peers_for` over given documents (a report for the public website: the shared ones only)."""
    by_org = _rows_of(documents)
    found: list[tuple[int, float, list[tuple[float, int]]]] = []
    for org_id, rows in by_org.items():
        if org_id == organisation.pk:
            continue
        scored = [(t["score"], r["passage_id"]) for r in rows for t in r["themes"] if t["id"] == theme.key]
        if scored:
            found.append(
                (org_id, shares(rows, "themes", [theme.key])[theme.key], sorted(scored, reverse=True)[:2])
            )
    found.sort(key=lambda f: -f[1])
    found = found[:limit]
    refs = passage_refs(pid for _, _, top in found for _, pid in top)
    orgs = Organisation.objects.in_bulk([f[0] for f in found])
    return [
        Peer(organisation=orgs[org_id], share=share, passages=[refs[p] for _, p in top if p in refs])
        for org_id, share, top in found
    ]


def heatmap_png(matrix: Matrix) -> bytes:
    """The matrix as a PNG heatmap with the percentage written in each cell."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    rows, cols = max(len(matrix.organisations), 1), max(len(matrix.themes), 1)
    fig, ax = plt.subplots(figsize=(3 + 0.75 * cols, 3.5 + 0.45 * rows), dpi=100)
    values = matrix.values if matrix.values.size else np.zeros((rows, cols))
    ax.imshow(values, cmap="Blues", vmin=0, vmax=max(float(values.max()), 0.01), aspect="auto")
    ax.set_xticks(
        range(len(matrix.themes)), [t.name for t in matrix.themes], rotation=45, ha="right", fontsize=8
    )
    ax.set_yticks(range(len(matrix.organisations)), [o.name for o in matrix.organisations], fontsize=8)
    top = float(values.max()) if values.size else 0
    for (i, j), v in np.ndenumerate(matrix.values):
        colour = "white" if top and v > 0.6 * top else "black"
        ax.text(j, i, f"{round(100 * v)}", ha="center", va="center", fontsize=7, color=colour)
    ax.set_title(_("Andel stycken per tema (%)"), fontsize=10)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()
