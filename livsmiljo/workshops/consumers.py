"""WebSocket consumers: a participant's phone, the projector and the facilitator console (see PROTOCOL.md)."""

import json
import logging
import time
from collections.abc import Hashable
from typing import Any

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from uvicorn.protocols.utils import ClientDisconnected

from livsmiljo import ratelimit
from livsmiljo.matrix import live as matrix_live
from livsmiljo.organisations.access import is_facilitator
from livsmiljo.workshops import inbound, live, services
from livsmiljo.workshops.models import BoardNote, Meeting, Participant, Poll
from livsmiljo.workshops.services.batch import NoteItem, VoteItem, notes_create_many, responses_submit_many

FORBIDDEN = 4403
RESULTS = live.Coalescer()
BOARD = live.Coalescer()
CHAT = live.Coalescer()
HEATMAP = live.Coalescer()  # per matrix: the projector's heatmap after scores
# A phone may send this many messages per window; more is a runaway script, not a person. Counted per
# participant, not per connection: in this process (RECENT) and, from the LOCAL_FREE-th message in a window
# on, in the shared cache too, which a new connection reads, so reconnecting to this process or another does
# not start afresh. A phone that sends a few messages never waits for the cache (BENCHMARKS.md, "Workshop
# load": counting every vote there tripled the p95 of 300 simultaneous votes).
FLOOD = ratelimit.Limit("ws-participant", allowed=30, window=10)
LOCAL_FREE = 10
RECENT: dict[int, list[float]] = {}  # participant id → when its messages arrived in this process
logger = logging.getLogger(__name__)


async def _flush_results(key: Hashable, nonces: list[Any]) -> None:
    await live.send_all(await database_sync_to_async(live.results_sends)(key, nonces))


async def _flush_board(key: Hashable, note_ids: list[Any]) -> None:
    await live.send_all(await database_sync_to_async(live.board_sends)(key, note_ids))


async def _flush_chat(key: Hashable, message_ids: list[Any]) -> None:
    await live.send_all(await database_sync_to_async(live.chat_sends)(key, message_ids))


async def _flush_heatmap(key: Hashable, _nonces: list[Any]) -> None:
    await live.send_all(await database_sync_to_async(matrix_live.heatmap_sends)(key))


async def _save_votes(items: list[VoteItem]) -> list[int | str]:
    return await database_sync_to_async(responses_submit_many)(items=items)


async def _save_notes(items: list[NoteItem]) -> list[int | str]:
    # A batch may hold notes of several meetings (one process serves them all): save per meeting.
    by_meeting: dict[int, list[int]] = {}
    for index, item in enumerate(items):
        by_meeting.setdefault(item.participant.meeting_id, []).append(index)
    results: list[int | str] = [""] * len(items)
    for meeting_id, indexes in by_meeting.items():
        saved = await database_sync_to_async(notes_create_many)(
            meeting_id=meeting_id, items=[items[i] for i in indexes]
        )
        for index, result in zip(indexes, saved, strict=True):
            results[index] = result
    return results


async def _count_messages(items: list[tuple[int, int]]) -> list[float]:
    """Count `n` messages for each (participant id, n); per item the participant's count after them."""
    hits = [(FLOOD, str(pid)) for pid, n in items for _ in range(n)]
    counts = await database_sync_to_async(ratelimit.hit)(hits)
    ends = [sum(n for _, n in items[: i + 1]) - 1 for i in range(len(items))]
    return [counts[end] for end in ends]


def _recent_messages(participant_id: int) -> int:
    """Count a message in this process; how many the participant has sent here within the window."""
    now = time.monotonic()
    if len(RECENT) > 10_000:  # forget phones that have gone quiet
        for pid in [p for p, times in RECENT.items() if now - times[-1] > FLOOD.window]:
            del RECENT[pid]
    times = [t for t in RECENT.get(participant_id, []) if now - t < FLOOD.window] + [now]
    RECENT[participant_id] = times
    return len(times)


VOTES = live.Batcher(_save_votes)
NOTES = live.Batcher(_save_notes)
MESSAGES = live.Batcher(_count_messages)  # one cache transaction for what many phones send at once


def _result(result: Any) -> int:
    """An id from a batch, or raise its Swedish error (or a generic one for an unexpected failure)."""
    if isinstance(result, int):
        return result
    if isinstance(result, str):
        raise ValidationError(result)
    raise ValidationError(_("Något gick fel när svaret sparades. Försök igen."))


def _first_message(error: ValidationError) -> str:
    return str(error.messages[0]) if error.messages else _("Något gick fel. Försök igen.")


class LiveConsumer(AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    """Shared behaviour: group membership, state pushes with the server clock, forgiving JSON input."""

    meeting_id: int
    groups_joined: list[str]

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Handle a message without Channels' per-message `aclose_old_connections()`.

        Channels hops into its one database thread before every message to close stale connections. These
        consumers reach the database only through `database_sync_to_async`, which already does that around
        each call; with 300 phones voting the hop took ~40 % of the event loop and queued behind the batch
        being written (BENCHMARKS.md, "Workshop load": p95 roughly halved without it).
        """
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def join(self, *groups: str) -> None:
        for group in groups:
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)

    async def disconnect(self, code: int) -> None:
        for group in getattr(self, "groups_joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def refuse(self) -> None:
        await self.accept()
        await self.close(code=FORBIDDEN)

    async def send(
        self, text_data: str | None = None, bytes_data: bytes | None = None, close: bool = False
    ) -> None:
        """Send, or drop the frame when the client has gone away.

        A phone that loses its connection while its vote is being saved misses the ack, nothing more: the vote
        is saved before the ack is sent, and the phone sends it again with the same nonce (saved once). The
        send must not end the consumer, though: frames that arrived before the close (a second vote sent just
        before the phone went away) are still waiting to be read and saved.
        """
        if getattr(self, "client_gone", False):
            return
        try:
            await super().send(text_data=text_data, bytes_data=bytes_data, close=close)
        except ClientDisconnected:
            self.client_gone = True
            logger.info("A live client went away before its reply was sent")

    async def send_json(self, content: Any, close: bool = False) -> None:
        await self.send(text_data=await self.encode_json(content), close=close)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Judge each frame on its own: a bad one gets an error to its sender, the connection stays open."""
        try:
            content = inbound.read(text_data, bytes_data)
            nonce = inbound.nonce(content)
        except inbound.BadMessage as bad:
            await self.flooding()  # garbage counts against the sender's limit too
            await self.send_json({"type": "error", "nonce": None, "message": bad.message})
            return
        if await self.flooding():
            message = _("Du skickar väldigt många meddelanden. Vänta några sekunder och försök igen.")
            await self.send_json({"type": "error", "nonce": nonce, "message": message})
            return
        try:
            await self.receive_json(content)
        except Exception:  # a fault of ours, not of the message: say so and keep the connection
            logger.exception("Live message %r failed", content.get("action"))
            message = _("Något gick fel. Försök igen.")
            await self.send_json({"type": "error", "nonce": nonce, "message": message})

    async def flooding(self) -> bool:
        """Counts this frame; True when its sender has sent too many lately."""
        return False

    def render_state(self, event: dict[str, Any]) -> str:
        return event["state"].replace(live.SERVER_NOW_MARK, f'"server_now": {live.now_ms()}', 1)

    async def push(self, event: dict[str, Any]) -> None:
        if "text" in event:
            await self.send(text_data=event["text"])
        else:
            await self.send(text_data=self.render_state(event))
            await self.matrix_follow(event)

    async def send_snapshot(self, board_group: int | None = None) -> None:
        meeting = await database_sync_to_async(live.load_meeting)(self.meeting_id)
        state = await database_sync_to_async(live.state_payload)(meeting)
        await self.push(live.state_event(state))
        for payload in await database_sync_to_async(self._snapshots)(meeting, board_group):
            await self.send_json(payload)

    def _snapshots(self, meeting: Meeting, board_group: int | None) -> list[dict[str, Any]]:
        snapshots = [live.board_snapshot(meeting, board_group), live.chat_snapshot(meeting)]
        if meeting.current_poll is not None and self.sees_results(meeting.current_poll):
            snapshots.append(live.results_payload(meeting.current_poll))
        snapshots.extend(self._matrix_snapshot(meeting))
        return snapshots

    def _matrix_snapshot(self, meeting: Meeting) -> list[dict[str, Any]]:
        """The heatmap of the matrix being scored (screen and console); see `matrix/live.py`."""
        matrix = matrix_live.live_matrix(meeting)
        return [matrix_live.heatmap_payload(matrix)] if matrix is not None else []

    async def matrix_follow(self, event: dict[str, Any]) -> None:
        """Send the heatmap when the meeting moves to a matrix block."""
        if event.get("block_id") == getattr(self, "matrix_block_id", None):
            return
        self.matrix_block_id = event.get("block_id")
        meeting = await database_sync_to_async(live.load_meeting)(self.meeting_id)
        for payload in await database_sync_to_async(self._matrix_snapshot)(meeting):
            await self.send_json(payload)

    def sees_results(self, poll: Poll) -> bool:
        return True

    def _current_block_id(self) -> int | None:
        return Meeting.objects.filter(pk=self.meeting_id).values_list("current_block_id", flat=True).first()


class ScreenConsumer(LiveConsumer):
    """The projector: authorised by the screen token in its URL."""

    async def connect(self) -> None:
        self.groups_joined = []
        token = self.scope["url_route"]["kwargs"]["screen_token"]
        meeting_id = await database_sync_to_async(
            lambda: Meeting.objects.filter(screen_token=token).values_list("pk", flat=True).first()
        )()
        if meeting_id is None:
            await self.refuse()
            return
        self.meeting_id = meeting_id
        await self.join(live.meeting_group(meeting_id), live.screen_group(meeting_id))
        self.matrix_block_id = await database_sync_to_async(self._current_block_id)()
        await self.accept()
        await self.send_snapshot()

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        await self.send_json(
            {"type": "error", "nonce": content.get("nonce"), "message": _("Skärmen tar inte emot något.")}
        )


class ConsoleConsumer(LiveConsumer):
    """The facilitator's console: the session user must be staff. It can write in the chat."""

    async def connect(self) -> None:
        self.groups_joined = []
        user = self.scope.get("user")
        meeting_id = int(self.scope["url_route"]["kwargs"]["meeting_id"])
        exists = await database_sync_to_async(Meeting.objects.filter(pk=meeting_id).exists)()
        if not is_facilitator(user) or not exists:
            await self.refuse()
            return
        self.user, self.meeting_id = user, meeting_id
        await self.join(live.meeting_group(meeting_id), live.screen_group(meeting_id))
        self.matrix_block_id = await database_sync_to_async(self._current_block_id)()
        await self.accept()
        await self.send_snapshot()

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        nonce = content.get("nonce")
        if content.get("action") != "chat":
            await self.send_json({"type": "error", "nonce": nonce, "message": _("Okänd åtgärd.")})
            return
        try:
            message = await database_sync_to_async(self._chat)(content.get("text"))
        except ValidationError as error:
            await self.send_json({"type": "error", "nonce": nonce, "message": _first_message(error)})
            return
        await self.send_json({"type": "ack", "nonce": nonce, "ok": True})
        CHAT.add(self.meeting_id, message, _flush_chat)

    def _chat(self, text: Any) -> int:
        meeting = Meeting.objects.get(pk=self.meeting_id)
        return services.chat_post(meeting=meeting, text=text, user=self.user).pk


class ParticipantConsumer(LiveConsumer):
    """A participant's phone: authorised by the participant token; votes, notes and chat."""

    participant: Participant
    group_id: int | None = None
    block_id: int | None = None
    results_visible: dict[int, bool]
    carried: int = 0
    matrix_skipped: set[tuple[int, int]]

    async def connect(self) -> None:
        self.groups_joined, self.results_visible, self.matrix_skipped = [], {}, set()
        token = self.scope["url_route"]["kwargs"]["token"]
        participant = await database_sync_to_async(
            lambda: Participant.objects.select_related("meeting").filter(token=token).first()
        )()
        if participant is None or participant.meeting.status == Meeting.Status.ENDED:
            await self.refuse()
            return
        self.participant, self.meeting_id = participant, participant.meeting_id
        # What the participant sent lately through other connections, maybe to other server processes.
        counted = await database_sync_to_async(ratelimit.counts)([(FLOOD, str(participant.pk))])
        self.carried = int(counted[0])
        await self.join(live.meeting_group(self.meeting_id), live.phones_group(self.meeting_id))
        await self.accept()
        meeting = await database_sync_to_async(live.load_meeting)(self.meeting_id)
        state = await database_sync_to_async(live.state_payload)(meeting)
        event = live.state_event(state)
        await self.follow(event)
        await self.send(text_data=self.render_state(event))
        for payload in await database_sync_to_async(self._snapshots)(meeting, self.group_id):
            await self.send_json(payload)

    def sees_results(self, poll: Poll) -> bool:
        return poll.results_visible

    def _matrix_snapshot(self, meeting: Meeting) -> list[dict[str, Any]]:
        """A phone gets its next pair to score instead of the heatmap."""
        matrix = matrix_live.live_matrix(meeting)
        if matrix is None:
            return []
        return [matrix_live.pair_payload(matrix, self.participant, self.matrix_skipped)]

    def own_group(self, event: dict[str, Any]) -> str:
        return str(event["groups"].get(str(self.participant.pk), "null"))

    def render_state(self, event: dict[str, Any]) -> str:
        return super().render_state(event).replace(live.GROUP_MARK, f'"group": {self.own_group(event)}', 1)

    async def follow(self, event: dict[str, Any]) -> bool:
        """Join the channel group of the participant's dialogue group; True when block or group changed."""
        group = json.loads(self.own_group(event))
        group_id = group["id"] if group else None
        block_id = event["block_id"]
        changed = (group_id, block_id) != (self.group_id, self.block_id)
        if group_id != self.group_id:
            if self.group_id is not None:
                name = live.dialogue_group(self.meeting_id, self.group_id)
                await self.channel_layer.group_discard(name, self.channel_name)
            if group_id is not None:
                await self.join(live.dialogue_group(self.meeting_id, group_id))
        self.group_id, self.block_id = group_id, block_id
        return changed

    async def push(self, event: dict[str, Any]) -> None:
        if "text" in event:
            await self.send(text_data=event["text"])
            return
        changed = await self.follow(event)
        await self.send(text_data=self.render_state(event))
        if changed:
            meeting = await database_sync_to_async(live.load_meeting)(self.meeting_id)
            await self.send_json(await database_sync_to_async(live.board_snapshot)(meeting, self.group_id))
            self.matrix_skipped = set()
            for payload in await database_sync_to_async(self._matrix_snapshot)(meeting):
                await self.send_json(payload)
        poll = event["poll"]
        if poll and poll["results_visible"] and not self.results_visible.get(poll["id"]):
            results = await database_sync_to_async(self._results)(poll["id"])
            await self.send_json(results)
        if poll:
            self.results_visible[poll["id"]] = poll["results_visible"]

    def _results(self, poll_id: int) -> dict[str, Any]:
        return live.results_payload(Poll.objects.get(pk=poll_id))

    async def flooding(self) -> bool:
        here = _recent_messages(self.participant.pk)
        if here > FLOOD.allowed:
            return True
        if self.carried + here < LOCAL_FREE:
            return False
        # From here on the shared cache counts too; the first time, with the messages counted only here.
        pending = here if self.carried + here == LOCAL_FREE else 1
        counted = await MESSAGES.submit((self.participant.pk, pending))
        if not isinstance(counted, int | float):
            # The shared cache (Redis) did not answer: let the message through rather than lose a vote with
            # the connection; the limit in this process (`here` above) still holds.
            logger.warning("The shared message count failed; letting the message through: %s", counted)
            return False
        return bool(counted > FLOOD.allowed)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        nonce = content.get("nonce")
        # `type` is accepted for the matrix messages too (PROTOCOL.md, "Scoring a matrix").
        action = content.get("action") or content.get("type")
        handler = {
            "vote": self.vote,
            "note": self.note,
            "note_vote": self.note_vote,
            "chat": self.chat,
            "matrix.score": self.matrix_score,
            "matrix.skip": self.matrix_skip,
        }.get(str(action))
        if handler is None:
            message = _("Okänd åtgärd.")
        else:
            try:
                follow_up = await handler(content)
            except ValidationError as error:
                message = _first_message(error)
            else:
                await self.send_json({"type": "ack", "nonce": nonce, "ok": True})
                if follow_up is not None:
                    await self.send_json(follow_up)
                return
        await self.send_json({"type": "error", "nonce": nonce, "message": message})

    async def vote(self, content: dict[str, Any]) -> None:
        nonce = str(content.get("nonce") or "")
        poll_id = inbound.object_id(content.get("poll"))
        if poll_id is None:
            raise ValidationError(_("Frågan finns inte. Ladda om sidan."))
        item = VoteItem(
            participant=self.participant, poll_id=poll_id, value=content.get("value"), nonce=nonce
        )
        poll_id = _result(await VOTES.submit(item))
        RESULTS.add(poll_id, nonce, _flush_results)

    async def matrix_score(self, content: dict[str, Any]) -> dict[str, Any]:
        """Save the score (a resent one replaces), update the screens, answer with the next pair."""
        matrix, pair = await database_sync_to_async(matrix_live.score_receive)(self.participant, content)
        self.matrix_skipped.discard(pair)
        HEATMAP.add(matrix.pk, content.get("nonce"), _flush_heatmap)
        return await database_sync_to_async(matrix_live.pair_payload)(
            matrix, self.participant, self.matrix_skipped
        )

    async def matrix_skip(self, content: dict[str, Any]) -> dict[str, Any]:
        matrix, pair = await database_sync_to_async(matrix_live.skip_receive)(self.participant, content)
        self.matrix_skipped.add(pair)
        return await database_sync_to_async(matrix_live.pair_payload)(
            matrix, self.participant, self.matrix_skipped
        )

    async def note(self, content: dict[str, Any]) -> None:
        note_id = _result(
            await NOTES.submit(NoteItem(participant=self.participant, text=content.get("text")))
        )
        BOARD.add(self.meeting_id, note_id, _flush_board)

    async def note_vote(self, content: dict[str, Any]) -> None:
        note_id = await database_sync_to_async(self._note_vote)(content.get("note"))
        BOARD.add(self.meeting_id, note_id, _flush_board)

    def _note_vote(self, value: Any) -> int:
        note_id = inbound.object_id(value)
        note = BoardNote.objects.filter(pk=note_id).first() if note_id is not None else None
        if note is None:
            raise ValidationError(_("Lappen finns inte längre."))
        return services.note_vote(note=note, participant=self.participant).pk

    async def chat(self, content: dict[str, Any]) -> None:
        message_id = await database_sync_to_async(self._chat)(content.get("text"))
        CHAT.add(self.meeting_id, message_id, _flush_chat)

    def _chat(self, text: Any) -> int:
        meeting = Meeting.objects.get(pk=self.meeting_id)
        return services.chat_post(meeting=meeting, participant=self.participant, text=text).pk
