"""The load test's matrix phase (loadtest.py): when the meeting is at a matrix block, every simulated phone
scores the pairs it is offered, one after the other, resending some of them as a phone does after a lost ack;
the projector's heatmap then has to count each (participant, pair) exactly once."""

import asyncio
import time
from collections.abc import Callable
from typing import Any, Protocol

REASONS = ["Samma åtgärder gynnar båda", "Konkurrerar om samma mark", "Ingen tydlig koppling"]
RESEND_EVERY = 4  # every 4th score is sent twice (same pair, a changed value): it must replace, not add
QUIET_S = 10.0


class Phone(Protocol):
    pairs: "asyncio.Queue[dict[str, Any]]"

    async def request(self, payload: dict[str, Any]) -> dict[str, Any]: ...


def score_value(number: int, step: int) -> int:
    return (number + step) % 7 - 3


class MatrixPhase:
    def __init__(self, run_id: str, pairs_each: int) -> None:
        self.run_id = run_id
        self.pairs_each = pairs_each
        self.sent = 0
        self.resends = 0
        self.acked = 0
        self.distinct: set[tuple[int, int, int]] = set()  # (phone number, source, target)
        self.ack_ms: list[float] = []
        self.baseline: int | None = None
        self.saved: int | None = None
        self.last_heatmap = time.monotonic()
        self.heatmaps = 0
        self.errors: list[str] = []

    def on_heatmap(self, message: dict[str, Any]) -> None:
        """The saved scores of the matrix, as the projector is told (read from the database each time)."""
        total = sum(int(c.get("count") or 0) for c in message.get("cells") or [])
        if self.baseline is None:  # the snapshot on connect: scores from before this run
            self.baseline = total
        self.saved = total - self.baseline
        self.heatmaps += 1
        self.last_heatmap = time.monotonic()

    async def score(self, phone: Phone, number: int, remaining: Callable[[], float]) -> None:
        for step in range(self.pairs_each):
            pair = await asyncio.wait_for(phone.pairs.get(), remaining())
            if not pair.get("source"):
                return  # this phone's share is scored
            source, target = pair["source"]["id"], pair["target"]["id"]
            times = 2 if (number + step) % RESEND_EVERY == 0 else 1
            for attempt in range(times):
                if attempt:
                    self.resends += 1
                    await asyncio.wait_for(phone.pairs.get(), remaining())  # the pair after the first ack
                await self._send(phone, number, source, target, score_value(number, step + attempt), step)

    async def _send(self, phone: Phone, number: int, source: int, target: int, value: int, step: int) -> None:
        self.sent += 1
        sent = time.monotonic()
        reply = await phone.request(
            {
                "action": "matrix.score",
                "source": source,
                "target": target,
                "value": value,
                "reason": REASONS[(number + step) % len(REASONS)],
                "nonce": f"lt-{self.run_id}-{number}-m{self.sent}",
            }
        )
        if reply.get("type") == "ack":
            self.acked += 1
            self.distinct.add((number, source, target))
            self.ack_ms.append((time.monotonic() - sent) * 1000)
        else:
            self.errors.append(str(reply.get("message", reply)))

    async def wait(self, deadline: float) -> None:
        """Until the projector's heatmap counts every distinct pair sent, or it has gone quiet."""
        started = time.monotonic()
        while time.monotonic() < deadline and self.saved != len(self.distinct):
            if time.monotonic() - max(self.last_heatmap, started) > QUIET_S:
                return
            await asyncio.sleep(0.05)

    def report(self, summary: Callable[[list[float]], dict[str, float | None]]) -> dict[str, Any]:
        return {
            "scores_sent": self.sent,
            "resends": self.resends,
            "acked": self.acked,
            "distinct_pairs_sent": len(self.distinct),
            "saved": self.saved,
            "saved_equals_distinct": self.saved == len(self.distinct),
            "heatmap_messages": self.heatmaps,
            "ack_ms": summary(self.ack_ms),
        }
