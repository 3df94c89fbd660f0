import json
from io import StringIO

import pytest
from django.core.management import call_command

from livsmiljo.search.evaluation import ndcg_at_k, recall_at_k, reciprocal_rank
from livsmiljo.search.tests.test_services import FOREST, HEALTH, TRAFFIC


def test_ndcg_is_one_for_a_perfect_ranking_and_lower_when_the_hit_comes_later():
    assert ndcg_at_k(["a", "b", "c"], {"a"}) == 1.0
    assert ndcg_at_k(["b", "a"], {"a"}) == pytest.approx(1 / 1.58496, rel=1e-4)
    assert ndcg_at_k(["x"], {"a"}) == 0.0


def test_recall_and_reciprocal_rank():
    assert recall_at_k(["a", "x", "b"], {"a", "b", "c", "d"}) == 0.5
    assert reciprocal_rank(["x", "y", "a"], {"a"}) == pytest.approx(1 / 3)
    assert reciprocal_rank(["x"], {"a"}) == 0.0


def test_evaluate_search_prints_figures_for_the_three_rankings(tmp_path, db):
    passages = tmp_path / "p.jsonl"
    queries = tmp_path / "q.jsonl"
    rows = [{"id": "t1", "text": TRAFFIC}, {"id": "h1", "text": HEALTH}, {"id": "f1", "text": FOREST}]
    passages.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    questions = [
        {"id": "q1", "query": "busslinjer på landsbygden", "relevant": ["t1"]},
        {"id": "q2", "query": "forest and reindeer herding", "relevant": ["f1"]},
    ]
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in questions), encoding="utf-8")
    out = StringIO()
    call_command(
        "evaluate", "search", "--passages", str(passages), "--queries", str(queries), "--json", stdout=out
    )
    report = json.loads(out.getvalue())
    assert report["passages"] == 3 and report["queries"] == 2
    assert report["hybrid"]["ndcg@10"] == 1.0
    assert {"keyword", "dense", "hybrid"} <= report.keys()


def test_evaluate_search_reports_each_query_language_and_the_swedish_words_used(tmp_path, db):
    passages = tmp_path / "p.jsonl"
    queries = tmp_path / "q.jsonl"
    rows = [{"id": "t1", "text": TRAFFIC}, {"id": "h1", "text": HEALTH}, {"id": "f1", "text": FOREST}]
    passages.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    questions = [
        {"id": "q1", "query": "busslinjer på landsbygden", "lang": "sv", "relevant": ["t1"]},
        {"id": "q2", "query": "public transport in rural areas", "lang": "en", "relevant": ["t1"]},
        {"id": "q3", "query": "forest and reindeer herding", "lang": "en", "relevant": ["f1"]},
    ]
    queries.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in questions), encoding="utf-8")
    out = StringIO()
    call_command(
        "evaluate", "search", "--passages", str(passages), "--queries", str(queries), "--json", stdout=out
    )
    report = json.loads(out.getvalue())
    for mode in ("keyword", "dense", "hybrid"):
        assert report[mode]["per_language"]["sv"]["queries"] == 1
        assert report[mode]["per_language"]["en"]["queries"] == 2
    assert report["hybrid"]["per_language"]["en"]["ndcg@10"] == 1.0
    assert report["translated_queries"]["q2"] == ["kollektivtrafik", "landsbygd"]
    assert "q1" not in report["translated_queries"]
    text = StringIO()
    call_command("evaluate", "search", "--passages", str(passages), "--queries", str(queries), stdout=text)
    assert "  en (2)" in text.getvalue()
