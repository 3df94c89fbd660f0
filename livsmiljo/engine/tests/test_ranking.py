import numpy as np
import pytest

from livsmiljo.engine.ranking import fuse, min_max, reciprocal_rank_fusion, z_normalise


def test_z_normalise_gives_mean_zero_and_unit_spread():
    z = z_normalise(np.array([1.0, 2.0, 3.0, 4.0]))
    assert z.mean() == pytest.approx(0.0)
    assert z.std() == pytest.approx(1.0)


def test_z_normalise_of_constant_scores_is_zero():
    assert list(z_normalise(np.array([0.7, 0.7, 0.7]))) == [0.0, 0.0, 0.0]
    assert z_normalise(np.array([])).size == 0


def test_min_max_maps_to_the_unit_interval():
    assert list(min_max(np.array([2.0, 4.0, 3.0]))) == [0.0, 1.0, 0.5]


def test_fusion_adds_weighted_z_scores_over_the_pool():
    keyword = {1: 10.0, 2: 0.0, 3: 5.0}
    dense = {1: 0.80, 2: 0.90, 3: 0.85}
    fused = {f.id: f for f in fuse(keyword, dense, keyword_weight=0.5, dense_weight=0.5)}
    kz, dz = z_normalise(np.array([10.0, 0.0, 5.0])), z_normalise(np.array([0.80, 0.90, 0.85]))
    for i, passage in enumerate((1, 2, 3)):
        assert fused[passage].score == pytest.approx(0.5 * kz[i] + 0.5 * dz[i])
    assert fused[1].keyword_score == 10.0 and fused[2].dense_score == 0.90


def test_fusion_orders_best_first_and_counts_a_missing_keyword_score_as_zero():
    results = fuse({1: 3.0}, {1: 0.8, 2: 0.8})
    assert [r.id for r in results] == [1, 2]
    assert results[1].keyword_score == 0.0


def test_a_missing_dense_score_is_the_pools_lowest():
    results = {r.id: r for r in fuse({5: 1.0}, {1: 0.9, 2: 0.7})}
    assert results[5].dense_score == 0.7


def test_a_phrase_match_outranks_better_scores_elsewhere():
    results = fuse({1: 9.0, 2: 1.0}, {1: 0.9, 2: 0.6}, phrase_ids={2})
    assert results[0].id == 2 and results[0].phrase


def test_an_empty_pool_fuses_to_nothing():
    assert fuse({}, {}) == []


def test_reciprocal_rank_fusion_rewards_agreement():
    fused = reciprocal_rank_fusion([[1, 2, 3], [2, 1, 3]])
    assert fused[1] == fused[2] > fused[3]
