"""nDCG@10 arithmetic (pure)."""

from __future__ import annotations

import pytest

from search.relevance import ndcg


def test_perfect_ranking_scores_one() -> None:
    assert ndcg(["a", "b", "c"], {"a": 2, "b": 1}) == pytest.approx(1.0)


def test_nothing_relevant_found_scores_zero() -> None:
    assert ndcg(["x", "y"], {"a": 2}) == 0.0


def test_order_matters() -> None:
    best = ndcg(["a", "b"], {"a": 2, "b": 1})
    swapped = ndcg(["b", "a"], {"a": 2, "b": 1})
    assert best == pytest.approx(1.0) and 0.5 < swapped < best


def test_only_the_top_ten_count() -> None:
    ranked = [f"x{i}" for i in range(10)] + ["a"]
    assert ndcg(ranked, {"a": 2}) == 0.0


def test_report_gives_the_zero_result_rate_and_the_client_english_mean() -> None:
    from search.relevance import Judgment, report

    english = Judgment("need an app", {}, {"a": 2}, "client en")
    other = Judgment("aplikasi", {}, {"a": 2}, "id")
    lines = report([(english, 1.0, ["a"]), (other, 0.0, [])], zero=[other])
    assert "0.000  'aplikasi'  [no match]" in lines
    assert "zero-result rate = 0.500 (1 of 2 matched nothing)" in lines
    assert "mean nDCG@10 (client English) = 1.000" in lines
    assert lines[-1] == "mean nDCG@10 = 0.500"
