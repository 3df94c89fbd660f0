"""`livsmiljo evaluate classify`: P/R/F1 per theme and per group, macro-F1, group F1 and conflict F1."""

import json
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.core.management.base import BaseCommand, CommandError

from livsmiljo.analysis.classify_cli import BATCH, current_classifier
from livsmiljo.engine.classify import Tagging, embed_texts


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, want: set[str], got: set[str]) -> None:
        self.tp += len(want & got)
        self.fp += len(got - want)
        self.fn += len(want - got)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


@dataclass
class Report:
    themes: dict[str, Counts] = field(default_factory=dict)
    groups: Counts = field(default_factory=Counts)
    per_group: dict[str, Counts] = field(default_factory=dict)
    conflict: Counts = field(default_factory=Counts)
    conflict_pairs_right: int = 0
    conflict_pairs: dict[str, object] = field(default_factory=dict)  # conflict_pair_figures
    passages: int = 0
    embed_seconds: float = 0.0
    tag_seconds: float = 0.0

    @property
    def macro_f1(self) -> float:
        return sum(c.f1 for c in self.themes.values()) / len(self.themes) if self.themes else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "passages": self.passages,
            "themes": {t: _row(c) for t, c in sorted(self.themes.items())},
            "macro_f1": round(self.macro_f1, 3),
            "group": _row(self.groups),
            "groups": {g: _row(c) for g, c in sorted(self.per_group.items())},
            "conflict": _row(self.conflict),
            "conflict_pairs_right": self.conflict_pairs_right,
            "conflict_pairs": self.conflict_pairs,
            "embed_seconds": round(self.embed_seconds, 2),
            "tag_seconds": round(self.tag_seconds, 2),
        }


def _row(c: Counts) -> dict[str, float]:
    return {
        "precision": round(c.precision, 3),
        "recall": round(c.recall, 3),
        "f1": round(c.f1, 3),
        "support": c.tp + c.fn,
    }


def evaluate(gold: list[dict[str, Any]]) -> Report:
    classifier = current_classifier()
    texts = [g["text"] for g in gold]
    started = time.perf_counter()
    vectors = np.concatenate([embed_texts(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)])
    embedded = time.perf_counter()
    taggings = classifier.tag(texts, vectors)
    report = Report(
        passages=len(gold), embed_seconds=embedded - started, tag_seconds=time.perf_counter() - embedded
    )
    for theme in sorted({t for g in gold for t in g["themes"]}):
        report.themes[theme] = Counts()
    for g, tagging in zip(gold, taggings, strict=False):
        got = {t.id for t in tagging.themes}
        for theme, counts in report.themes.items():
            counts.add({theme} & set(g["themes"]), {theme} & got)
        want_g, got_g = set(g.get("groups", [])), {x.id for x in tagging.groups}
        report.groups.add(want_g, got_g)
        for group in want_g | got_g:
            report.per_group.setdefault(group, Counts()).add({group} & want_g, {group} & got_g)
        want_c, got_c = bool(g.get("conflict")), tagging.conflict.detected
        report.conflict.add({"c"} if want_c else set(), {"c"} if got_c else set())
        if want_c and got_c and set(tagging.conflict.themes) == set(g.get("conflict_themes", [])):
            report.conflict_pairs_right += 1
    report.conflict_pairs = conflict_pair_figures(gold, taggings)
    return report


def evaluate_command(cmd: BaseCommand, *, passages: str, as_json: bool) -> None:
    try:
        with open(passages, encoding="utf-8") as f:
            gold = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as error:
        raise CommandError(
            f"Kan inte läsa {passages}: {error}. Ange en JSONL-fil med märkta stycken."
        ) from error
    report = evaluate(gold)
    if as_json:
        cmd.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return
    cmd.stdout.write(f"{'tema':<14}{'P':>7}{'R':>7}{'F1':>7}{'stöd':>7}")
    for theme, c in sorted(report.themes.items()):
        cmd.stdout.write(f"{theme:<14}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.tp + c.fn:>7}")
    cmd.stdout.write(f"\ntheme macro-F1  {report.macro_f1:.3f}")
    cmd.stdout.write(f"\n{'grupp':<24}{'P':>7}{'R':>7}{'F1':>7}{'stöd':>7}")
    for group, c in sorted(report.per_group.items()):
        cmd.stdout.write(f"{group:<24}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}{c.tp + c.fn:>7}")
    g, k = report.groups, report.conflict
    cmd.stdout.write(f"group F1        {g.f1:.3f} (P {g.precision:.3f}, R {g.recall:.3f})")
    cmd.stdout.write(f"conflict F1     {k.f1:.3f} (P {k.precision:.3f}, R {k.recall:.3f})")
    cmd.stdout.write(
        f"conflict pairs  {report.conflict_pairs_right} of {k.tp} detected conflicts name the labelled pair"
    )
    p = report.conflict_pairs
    cmd.stdout.write(
        f"conflict pair   right in {p.get('pair_right', 0)} of {p.get('both', 0)} true conflicts found "
        f"({p.get('catalogue_named', 0)} named from the catalogue, {p.get('with_sentence', 0)} with the "
        f"sentence stating the tension); one aim right in {p.get('one_aim_right', 0)}"
    )
    share = 100 * report.tag_seconds / report.embed_seconds if report.embed_seconds else 0.0
    cmd.stdout.write(
        f"{report.passages} passages: embedding {report.embed_seconds:.1f} s, "
        f"tagging {report.tag_seconds:.2f} s ({share:.0f} % of the embedding time ingestion already spends)"
    )


def conflict_pair_figures(gold: list[dict[str, Any]], taggings: list[Tagging]) -> dict[str, object]:
    """How often a found conflict names the labelled pair of aims (`conflict_themes`), and how."""
    both = pair_right = one_aim = catalogue = sentence = 0
    wrong: list[dict[str, object]] = []
    for g, tagging in zip(gold, taggings, strict=False):
        if not (g.get("conflict") and tagging.conflict.detected):
            continue
        both += 1
        want, got = set(g.get("conflict_themes", [])), set(tagging.conflict.themes)
        pair_right += want == got
        one_aim += bool(want & got) and want != got
        catalogue += bool(tagging.conflict.conflict_id)
        sentence += bool(tagging.conflict.sentence)
        if want != got:
            wrong.append({"id": g.get("id", ""), "want": sorted(want), "got": sorted(got)})
    return {
        "both": both,
        "pair_right": pair_right,
        "pair_share": round(pair_right / both, 3) if both else 0.0,
        "one_aim_right": one_aim,
        "catalogue_named": catalogue,
        "with_sentence": sentence,
        "wrong": wrong,
    }
