"""Simulated participants for a running meeting, over the real protocol.

Each simulated phone joins through the join form (HTTP, with CSRF) and opens its participant WebSocket.
When the server has finished greeting them, all phones vote at once in the open poll (the burst when a
facilitator opens a poll), and when the projector has shown the votes, each writes a note. A projector
WebSocket listens to the results messages; a vote's latency runs from the moment it is sent until a
results message lists its nonce. Only loopback servers are accepted: the command is a measuring tool for
one's own installation, not a way to flood someone else's meeting.

Like the phone page (static/workshops/live.js), a simulated phone keeps its vote until the ack arrives: when
its connection breaks it reconnects and sends the vote again with the same nonce, and without an ack for
ACK_TIMEOUT_S it sends it again on the open connection (the server saves one nonce once). A vote counts as
lost only when it is not in the database at the end.
"""

import asyncio
import contextlib
import http.cookiejar
import ipaddress
import json
import math
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException
from websockets.typing import Origin

from livsmiljo.workshops.loadtest_matrix import MatrixPhase

JOIN_PATH = "/verkstad/delta/"
PARTICIPANT_PATH = re.compile(r"/verkstad/m/(?P<token>[^/?#]+)/")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken"\s+value="(?P<token>[^"]+)"')
WORDS = ["nyfiken", "samverkan", "lärande", "glad", "förväntansfull", "inspirerad", "helhetssyn", "mod"]
NOTES = ["Mer samverkan över gränserna", "Lära av andra regioner", "Målkonflikter i planeringen"]
MAX_PARTICIPANTS = 2000  # each phone is a socket on both sides; more needs a bigger machine than a laptop
SETTLE_QUIET_S, SETTLE_MAX_S = 0.5, 15.0
# Results are coalesced every ~150 ms; this long without any, while votes are still missing, means they
# are not coming (a busy server can take seconds, so this is generous; --timeout bounds the whole run).
QUIET_S = 10.0
ACK_TIMEOUT_S = 10.0  # without an ack this long, a vote is sent again (same nonce)
RECONNECTS = 5  # per phone and vote; more means the server is down, not busy


class LoadtestError(Exception):
    """Something the person running the load test can act on, in Swedish."""


@dataclass(frozen=True)
class Target:
    base_url: str
    code: str
    screen_token: str

    @property
    def ws_base(self) -> str:
        return "ws" + self.base_url.removeprefix("http")


@dataclass
class LoadtestReport:
    participants: int
    votes_sent: int
    votes_counted: int  # on the projector (results messages listing the nonce)
    lost: int  # sent but not in the database at the end
    latency_ms: dict[str, float | None]
    joined: int = 0
    votes_acked: int = 0
    votes_in_database: int | None = None
    votes_doubled: int = 0  # rows beyond the first with one nonce: should stay 0
    vote_resends: int = 0  # votes sent again with the same nonce (after a reconnect or a missing ack)
    reconnects: int = 0
    notes_sent: int = 0
    notes_acked: int = 0
    note_ack_ms: dict[str, float | None] = field(default_factory=dict)
    results_messages: int = 0
    projector_total: int | None = None
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    matrix: dict[str, Any] = field(default_factory=dict)  # when the meeting is at a matrix block

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def loopback_url(url: str) -> str:
    """The URL without a trailing slash, or LoadtestError when it is not an http(s) loopback address."""
    parts = urllib.parse.urlsplit(url.strip())
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not _is_loopback(host):
        raise LoadtestError(
            _(
                "Lasttestet får bara köras mot den egna datorn. Ange en adress som "
                "http://127.0.0.1:8000 eller http://localhost:8000."
            )
        )
    return f"{parts.scheme}://{parts.netloc}".rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def loadtest_target(*, url: str, code: str) -> Target:
    """Look the meeting up by its join code (the command runs on the server's own installation)."""
    from livsmiljo.workshops.services import meeting_for_code, normalise_code

    base_url = loopback_url(url)
    code = normalise_code(code)
    meeting = meeting_for_code(code)
    if meeting is None:
        raise LoadtestError(_("Det finns inget pågående möte med koden %(code)s.") % {"code": code})
    return Target(base_url=base_url, code=code, screen_token=meeting.screen_token)


def loadtest_run(
    *, target: Target, participants: int, timeout: float = 60.0, concurrency: int = 50, pairs: int = 6
) -> LoadtestReport:
    """Run the whole test (join, connect, vote, note, collect) and stop by itself within `timeout`.

    At a matrix block, each phone scores up to `pairs` pairs instead (loadtest_matrix.py)."""
    if not 1 <= participants <= MAX_PARTICIPANTS:
        raise LoadtestError(_("Ange mellan 1 och %(max)s deltagare.") % {"max": MAX_PARTICIPANTS})
    run = _Run(target, participants, timeout, concurrency)
    run.matrix = MatrixPhase(run.run_id, pairs)
    report = asyncio.run(run.main())
    if run.poll_id is not None:
        report.votes_in_database, report.votes_doubled = votes_in_database(run.poll_id, list(run.sent_at))
        report.lost = report.votes_sent - report.votes_in_database
    return report


def votes_in_database(poll_id: int, nonces: list[str]) -> tuple[int, int]:
    """How many of these votes were saved, and how many extra rows share a nonce (a resend saved twice).

    The command runs on the server's own installation, so it reads the database directly."""
    from livsmiljo.workshops.models import Response

    saved: list[str] = []
    for start in range(0, len(nonces), 500):
        chunk = nonces[start : start + 500]
        saved.extend(
            Response.objects.filter(poll_id=poll_id, nonce__in=chunk).values_list("nonce", flat=True)
        )
    return len(set(saved)), len(saved) - len(set(saved))


def percentile(values: list[float], q: float) -> float | None:
    """Nearest-rank percentile; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


# --- HTTP joining (urllib in worker threads: the join is two small requests per phone) ---------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def join_over_http(*, base_url: str, code: str, name: str) -> str:
    """Fill in the join form like a phone would; return the participant token from the redirect."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPCookieProcessor(jar), _NoRedirect()
    )
    url = base_url + JOIN_PATH
    with opener.open(url, timeout=30) as response:
        page = response.read().decode()
    match = CSRF_INPUT.search(page)
    if match is None:
        raise LoadtestError(_("Anslutningssidan saknar formulär: är det rätt adress?"))
    form = {"csrfmiddlewaretoken": match["token"], "code": code, "display_name": name}
    request = urllib.request.Request(
        url, data=urllib.parse.urlencode(form).encode(), headers={"Referer": url}
    )
    try:
        with opener.open(request, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as redirect:
        found = PARTICIPANT_PATH.search(redirect.headers.get("Location", ""))
        if redirect.code in (301, 302, 303) and found:
            return found["token"]
        raise LoadtestError(
            _("Anslutningen nekades (HTTP %(status)s).") % {"status": redirect.code}
        ) from None
    raise LoadtestError(_("Koden godtogs inte av servern. Kontrollera att mötet pågår."))


# --- WebSocket clients --------------------------------------------------------------------------------


class _Socket:
    """One WebSocket whose messages are read continuously, so the server never waits on us."""

    def __init__(self, ws: ClientConnection, on_message: Callable[[dict[str, Any]], None]) -> None:
        self.ws = ws
        self.on_message = on_message
        self.replies: dict[str, asyncio.Future[dict[str, Any]]] = {}
        self.first_state: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pairs: asyncio.Queue[dict[str, Any]] = asyncio.Queue()  # matrix.pair messages, in order
        self.failure: str | None = None
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                self._handle(json.loads(raw))
        except Exception as failure:  # a closed or broken connection ends this phone's part, not the run
            self.failure = f"{type(failure).__name__}: {failure}"
        finally:
            if self.failure is None and self.ws.close_code not in (None, 1000, 1001):
                self.failure = _("stängd med kod %(code)s") % {"code": self.ws.close_code}
            if not self.first_state.done():
                self.first_state.set_exception(
                    LoadtestError(_("Servern stängde anslutningen: %(why)s") % {"why": self.failure or "-"})
                )
            for reply in self.replies.values():
                if not reply.done():
                    reply.set_result(
                        {"type": "error", "closed": True, "message": _("Anslutningen stängdes.")}
                    )

    def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "state" and not self.first_state.done():
            self.first_state.set_result(message)
        if kind == "matrix.pair":
            self.pairs.put_nowait(message)
        if kind in ("ack", "error"):
            waiting = self.replies.pop(str(message.get("nonce")), None)
            if waiting is not None and not waiting.done():
                waiting.set_result(message)
        self.on_message(message)

    async def request(self, payload: dict[str, Any], timeout: float | None = None) -> dict[str, Any]:
        """The reply to the payload; {"type": "timeout"} after `timeout` s, {"closed": True} when the
        connection broke before the reply (or while sending)."""
        reply = asyncio.get_running_loop().create_future()
        self.replies[payload["nonce"]] = reply
        if self.reader.done():
            return {"type": "error", "closed": True, "message": _("Anslutningen stängdes.")}
        try:
            await self.ws.send(json.dumps(payload))
        except (OSError, WebSocketException) as failure:
            self.failure = self.failure or f"{type(failure).__name__}: {failure}"
            return {"type": "error", "closed": True, "message": _("Anslutningen stängdes.")}
        try:
            return await asyncio.wait_for(asyncio.shield(reply), timeout)
        except TimeoutError:
            return {"type": "timeout"}

    async def close(self) -> None:
        if not self.first_state.done():
            self.first_state.cancel()
        with contextlib.suppress(Exception):
            await self.ws.close()
        self.reader.cancel()


def vote_value(poll: dict[str, Any], number: int) -> Any:
    """A value that fits the poll kind, spread over the options so the counts are not all in one bucket."""
    kind = poll.get("kind")
    options = poll.get("options") or []
    if kind == "ordmoln":
        return WORDS[number % len(WORDS)]
    if kind == "fritext":
        return f"{NOTES[number % len(NOTES)]} ({number})"
    if kind == "rangordning" and isinstance(options, list):
        shift = number % max(1, len(options))
        return [*options[shift:], *options[:shift]]
    if isinstance(options, list) and options:
        return options[number % len(options)]
    if kind == "skala":
        return str(1 + number % 5)
    return WORDS[number % len(WORDS)]


class _Run:
    def __init__(self, target: Target, participants: int, timeout: float, concurrency: int) -> None:
        self.target = target
        self.participants = participants
        self.deadline = time.monotonic() + timeout
        self.limit = asyncio.Semaphore(concurrency) if concurrency else None
        self.run_id = secrets.token_hex(3)
        self.sent_at: dict[str, float] = {}
        self.seen_at: dict[str, float] = {}
        self.acked: set[str] = set()
        self.last_results = time.monotonic()
        self.projector_total: int | None = None
        self.errors: list[str] = []
        self.notes_sent = 0
        self.notes_acked = 0
        self.note_ack_ms: list[float] = []
        self.results_messages = 0
        self.last_message = time.monotonic()
        self.matrix = MatrixPhase(self.run_id, 6)
        self.at_matrix = False
        self.poll_id: int | None = None
        self.tokens: dict[int, str] = {}  # id(phone socket) → participant token, for reconnecting
        self.vote_resends = 0
        self.reconnects = 0
        self.broken: list[str] = []  # why connections broke (the phone reconnected)

    def remaining(self) -> float:
        return max(0.05, self.deadline - time.monotonic())

    async def _open(self, path: str, on_message: Callable[[dict[str, Any]], None]) -> _Socket:
        ws = await connect(
            self.target.ws_base + path,
            origin=Origin(self.target.base_url),
            proxy=None,
            compression=None,
            open_timeout=self.remaining(),
            ping_interval=None,
            max_queue=None,
        )
        return _Socket(ws, on_message)

    def _on_phone(self, message: dict[str, Any]) -> None:
        self.last_message = time.monotonic()

    def _on_projector(self, message: dict[str, Any]) -> None:
        if message.get("type") == "matrix.heatmap":
            self.matrix.on_heatmap(message)
        if message.get("type") != "results":
            return
        now = time.monotonic()
        self.last_results = now
        self.results_messages += 1
        self.projector_total = message.get("total", self.projector_total)
        for nonce in message.get("nonces") or []:
            self.seen_at.setdefault(str(nonce), now)

    async def main(self) -> LoadtestReport:
        started = time.monotonic()
        try:
            projector = await self._open(
                f"/ws/verkstad/skarm/{self.target.screen_token}/", self._on_projector
            )
        except (OSError, TimeoutError, WebSocketException) as failure:
            raise LoadtestError(
                _("Kunde inte ansluta till %(url)s (%(why)s). Är servern igång (livsmiljo serve)?")
                % {"url": self.target.base_url, "why": failure}
            ) from None
        phones: list[_Socket] = []
        try:
            poll = await self._open_poll(projector)
            phones = await self._connect_phones()
            await self._settle()
            if poll is not None:
                await self._bounded(self._vote(phones, number, poll) for number in range(len(phones)))
                await self._wait_for_results()
                await self._bounded(self._note(phone, number) for number, phone in enumerate(phones))
                await self._wait_for_results()
            if self.at_matrix:
                await self._bounded(
                    self.matrix.score(phone, number, self.remaining) for number, phone in enumerate(phones)
                )
                await self.matrix.wait(self.deadline)
            self._note_failures(projector, phones)
        finally:
            await asyncio.gather(projector.close(), *(phone.close() for phone in phones))
        return self._report(len(phones), time.monotonic() - started)

    async def _open_poll(self, projector: _Socket) -> dict[str, Any] | None:
        """The open poll; None when there is none but the meeting is at a matrix block (phones score)."""
        try:
            state = await asyncio.wait_for(projector.first_state, self.remaining())
        except TimeoutError:
            raise LoadtestError(_("Skärmen fick inget läge från servern inom tidsgränsen.")) from None
        poll = state.get("poll")
        self.at_matrix = (state.get("block") or {}).get("kind") == "matris"
        if not poll or poll.get("status") != "open":
            if self.at_matrix:
                return None
            raise LoadtestError(_("Mötet har ingen öppen omröstning. Öppna en omröstning och försök igen."))
        self.poll_id = int(poll["id"])
        return poll

    async def _bounded(self, jobs: Any) -> None:
        """Run the jobs at once, but never past the deadline."""
        tasks = [asyncio.ensure_future(job) for job in jobs]
        if not tasks:
            return
        done, pending = await asyncio.wait(tasks, timeout=self.remaining())
        for task in pending:
            task.cancel()
            self.errors.append(_("Tiden tog slut innan alla deltagare var klara."))
        for task in done:
            if task.exception() is not None:
                self.errors.append(str(task.exception()))

    async def _limited(self, job: Awaitable[_Socket]) -> _Socket | None:
        async with self.limit or contextlib.nullcontext():
            try:
                return await asyncio.wait_for(job, self.remaining())
            except Exception as failure:
                self.errors.append(f"{type(failure).__name__}: {failure}")
                return None

    async def _connect_phones(self) -> list[_Socket]:
        async def one(number: int) -> _Socket:
            token = await asyncio.to_thread(
                join_over_http,
                base_url=self.target.base_url,
                code=self.target.code,
                name=f"Testdeltagare {number + 1}",
            )
            phone = await self._phone(token)
            self.tokens[id(phone)] = token
            return phone

        joined = await asyncio.gather(*(self._limited(one(n)) for n in range(self.participants)))
        return [phone for phone in joined if phone is not None]

    async def _phone(self, token: str) -> _Socket:
        phone = await self._open(f"/ws/verkstad/deltagare/{token}/", self._on_phone)
        try:
            await phone.first_state
        except BaseException:
            await phone.close()
            raise
        return phone

    async def _reconnect(self, phone: _Socket, phones: list[_Socket], number: int) -> _Socket:
        """A new connection for the same participant (like the phone page after a broken connection)."""
        self.broken.append(phone.failure or _("Anslutningen stängdes."))
        await phone.close()
        token = self.tokens[id(phone)]
        fresh = await asyncio.wait_for(self._phone(token), self.remaining())
        self.tokens[id(fresh)] = token
        phones[number] = fresh
        self.reconnects += 1
        return fresh

    def _note_failures(self, projector: _Socket, phones: list[_Socket]) -> None:
        if projector.failure or projector.reader.done():
            self.errors.append(_("Skärmens anslutning bröts: %(why)s") % {"why": projector.failure or "-"})
        self.errors.extend(f"{_('En telefons anslutning bröts')}: {p.failure}" for p in phones if p.failure)
        self.errors.extend(f"{_('En telefons anslutning bröts')}: {why}" for why in self.broken)

    async def _settle(self) -> None:
        """Let the server finish greeting the phones (state, board and chat snapshots) before the poll
        burst: in a workshop people join over minutes, and then vote within seconds."""
        limit = min(self.deadline, time.monotonic() + SETTLE_MAX_S)
        while time.monotonic() < limit and time.monotonic() - self.last_message < SETTLE_QUIET_S:
            await asyncio.sleep(0.05)

    async def _vote(self, phones: list[_Socket], number: int, poll: dict[str, Any]) -> None:
        """Send the vote and keep it until acked: again, with the same nonce, after a reconnect or when no
        ack came within ACK_TIMEOUT_S."""
        nonce = f"lt-{self.run_id}-{number}-v"
        payload = {"action": "vote", "poll": poll["id"], "value": vote_value(poll, number), "nonce": nonce}
        self.sent_at[nonce] = time.monotonic()
        reconnects = 0
        while True:
            reply = await phones[number].request(payload, timeout=ACK_TIMEOUT_S)
            if reply.get("type") == "ack" and reply.get("ok", True):
                self.acked.add(nonce)
                return
            if reply.get("type") == "error" and not reply.get("closed"):
                self.errors.append(str(reply.get("message", reply)))  # refused (e.g. the poll closed)
                return
            if reply.get("closed"):
                if reconnects == RECONNECTS:
                    self.errors.append(_("En telefon kunde inte återansluta."))
                    return
                reconnects += 1
                try:
                    await self._reconnect(phones[number], phones, number)
                except (OSError, TimeoutError, WebSocketException, LoadtestError) as failure:
                    self.broken.append(f"{type(failure).__name__}: {failure}")
                    await asyncio.sleep(min(5.0, 0.5 * reconnects))
                    continue
            self.vote_resends += 1

    async def _note(self, phone: _Socket, number: int) -> None:
        self.notes_sent += 1
        sent = time.monotonic()
        note = await phone.request(
            {"action": "note", "text": NOTES[number % len(NOTES)], "nonce": f"lt-{self.run_id}-{number}-n"}
        )
        if note.get("type") == "ack":
            self.notes_acked += 1
            self.note_ack_ms.append((time.monotonic() - sent) * 1000)
        else:
            self.errors.append(str(note.get("message", note)))

    async def _wait_for_results(self) -> None:
        """Until every acknowledged vote is on the projector, or the projector has gone quiet."""
        waiting_since = time.monotonic()
        while time.monotonic() < self.deadline and not self.acked <= self.seen_at.keys():
            if time.monotonic() - max(self.last_results, waiting_since) > QUIET_S:
                return
            await asyncio.sleep(0.05)

    def _report(self, joined: int, seconds: float) -> LoadtestReport:
        counted = [nonce for nonce in self.sent_at if nonce in self.seen_at]
        latencies = [(self.seen_at[n] - self.sent_at[n]) * 1000 for n in counted]
        return LoadtestReport(
            participants=self.participants,
            votes_sent=len(self.sent_at),
            votes_counted=len(counted),
            lost=len(self.sent_at) - len(counted),
            latency_ms=_summary(latencies),
            joined=joined,
            notes_sent=self.notes_sent,
            notes_acked=self.notes_acked,
            note_ack_ms=_summary(self.note_ack_ms),
            results_messages=self.results_messages,
            projector_total=self.projector_total,
            votes_acked=len(self.acked),
            vote_resends=self.vote_resends,
            reconnects=self.reconnects,
            seconds=round(seconds, 2),
            errors=sorted(set(self.errors + self.matrix.errors))[:20],
            matrix=self.matrix.report(_summary) if self.at_matrix else {},
        )


def _summary(values: list[float]) -> dict[str, float | None]:
    return {
        "p50": _round(percentile(values, 0.50)),
        "p95": _round(percentile(values, 0.95)),
        "max": _round(max(values, default=None)),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
