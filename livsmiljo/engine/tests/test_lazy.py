from concurrent.futures import ThreadPoolExecutor

from livsmiljo.engine.lazy import once


def test_the_loader_runs_once_however_many_threads_ask():
    calls = []

    @once
    def load() -> object:
        calls.append(1)
        return object()

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: load(), range(32)))
    assert len(calls) == 1
    assert all(r is results[0] for r in results)
