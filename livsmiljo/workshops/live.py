"""What live clients are sent: state, results, board and chat payloads, and how they are broadcast.

Payloads are built once per change in plain sync code and sent to channel-layer groups:
`meeting-<id>` (everyone), `meeting-<id>-screen` (projector and console), `meeting-<id>-phones`
(participants) and `meeting-<id>-group-<group id>` (a dialogue group). Results, board and chat are
coalesced per poll or meeting (see Coalescer) so that 300 voters do not flood the projector.
"""

import asyncio
import json
import logging
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from livsmiljo.engine.wordcloud import word_counts
from livsmiljo.workshops.models import AgendaBlock, BoardNote, ChatMessage, Group, Meeting, Poll

COALESCE_SECONDS = 0.1
logger = logging.getLogger(__name__)


def meeting_group(meeting_id: int) -> str:
    return f"meeting-{meeting_id}"


def screen_group(meeting_id: int) -> str:
    return f"meeting-{meeting_id}-screen"


def phones_group(meeting_id: int) -> str:
    return f"meeting-{meeting_id}-phones"


def dialogue_group(meeting_id: int, group_id: int) -> str:
    return f"meeting-{meeting_id}-group-{group_id}"


def epoch_ms(value: Any) -> int | None:
    return int(value.timestamp() * 1000) if value is not None else None


def now_ms() -> int:
    return int(time.time() * 1000)


# Payloads ------------------------------------------------------------------------------------------


def poll_payload(poll: Poll | None) -> dict[str, Any] | None:
    if poll is None:
        return None
    return {
        "id": poll.pk,
        "kind": poll.kind,
        "question": poll.question,
        "options": poll.options,
        "status": poll.status,
        "results_visible": poll.results_visible,
    }


def group_payload(group: Group) -> dict[str, Any]:
    members = [str(m.participant) for m in group.members.select_related("participant")]
    return {"id": group.pk, "number": group.number, "name": str(group), "members": members}


def _groups_by_participant(block: AgendaBlock | None) -> dict[str, dict[str, Any]]:
    """Participant id (as a string: channel layers serialise with msgpack) → their group."""
    # A matrix block may have groups too: each scores its share of the pairs (matrix/live.py).
    if block is None or block.kind not in (AgendaBlock.Kind.GROUP_DIALOGUE, AgendaBlock.Kind.MATRIX):
        return {}
    result: dict[str, dict[str, Any]] = {}
    for group in block.groups.prefetch_related("members__participant"):
        payload = group_payload(group)
        for member in group.members.all():
            result[str(member.participant_id)] = payload
    return result


def state_payload(meeting: Meeting) -> dict[str, Any]:
    """The shared part of a state message; consumers add `group` per participant and `server_now`."""
    block, step = meeting.current_block, meeting.current_step
    block_ids = list(meeting.blocks.values_list("pk", flat=True))
    paused = meeting.timer_paused_remaining
    return {
        "type": "state",
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "status": meeting.status,
            "join_code": meeting.join_code,
        },
        "block": None
        if block is None
        else {
            "id": block.pk,
            "kind": block.kind,
            "kind_label": str(block.get_kind_display()),
            "title": block.title,
            "description": block.description,
            "duration_minutes": block.duration_minutes,
            "order": block.order,
            "index": block_ids.index(block.pk) + 1 if block.pk in block_ids else 0,
            "count": len(block_ids),
        },
        "timer": {
            "ends_at": epoch_ms(meeting.timer_ends_at),
            "paused_remaining_ms": int(paused.total_seconds() * 1000) if paused is not None else None,
            "server_now": now_ms(),
        },
        "poll": poll_payload(meeting.current_poll),
        "group": None,
        "step": None
        if step is None
        else {
            "id": step.pk,
            "order": step.order,
            "title": step.title,
            "instruction": step.instruction,
            "duration_minutes": step.duration_minutes,
            "writes_board": step.writes_board,
        },
        "groups": _groups_by_participant(block),
    }


def load_meeting(meeting_id: int) -> Meeting:
    return Meeting.objects.select_related("current_block", "current_poll", "current_step").get(pk=meeting_id)


def results_payload(poll: Poll, nonces: list[str] | None = None) -> dict[str, Any]:
    values = list(poll.responses.filter(hidden=False).values_list("pk", "value"))
    payload: dict[str, Any] = {
        "type": "results",
        "poll": poll.pk,
        "kind": poll.kind,
        "total": len(values),
        "nonces": nonces or [],
    }
    if poll.kind == Poll.Kind.WORDCLOUD:
        payload["words"] = [[w, n] for w, n in word_counts([str(v) for _, v in values])]
        payload["answers"] = [{"id": pk, "text": str(v)} for pk, v in values]
    elif poll.kind == Poll.Kind.OPEN_TEXT:
        payload["answers"] = [{"id": pk, "text": str(v)} for pk, v in values]
    elif poll.kind == Poll.Kind.RANKING:
        points: Counter[str] = Counter({o: 0 for o in poll.options})
        for _, ranking in values:
            for place, option in enumerate(ranking):
                points[option] += len(poll.options) - place
        payload["counts"] = dict(points)
    else:
        counts: Counter[str] = Counter({o: 0 for o in poll.options})
        counts.update(str(v) for _, v in values)
        payload["counts"] = dict(counts)
    return payload


def note_payload(note: BoardNote) -> dict[str, Any]:
    return {
        "id": note.pk,
        "group": note.group_id,
        "group_name": str(note.group) if note.group_id else "",
        "text": note.text,
        "votes": note.votes,
        "hidden": note.hidden,
    }


def chat_payload(message: ChatMessage) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author": message.author,
        "text": message.text,
        "hidden": message.hidden,
        "created_at": message.created_at.isoformat(),
    }


def board_snapshot(meeting: Meeting, group_id: int | None = None) -> dict[str, Any]:
    notes = BoardNote.objects.filter(meeting=meeting, hidden=False).select_related("group")
    if group_id is not None:
        notes = notes.filter(group_id=group_id)
    return {"type": "board", "notes": [note_payload(n) for n in notes], "replace": True}


def chat_snapshot(meeting: Meeting, limit: int = 100) -> dict[str, Any]:
    messages = ChatMessage.objects.filter(meeting=meeting, hidden=False).select_related("participant", "user")
    recent = list(messages.order_by("-created_at", "-id")[:limit])[::-1]
    return {"type": "chat", "messages": [chat_payload(m) for m in recent], "replace": True}


# Routing of board and chat updates ------------------------------------------------------------------


def board_sends(meeting_id: int, note_ids: list[int]) -> list[tuple[str, dict[str, Any]]]:
    """Which channel groups get which notes: all to the screen, a group's to its members, plenary ones
    (and, outside a group dialogue, every group's) to all phones."""
    meeting = load_meeting(meeting_id)
    in_dialogue = meeting.current_block is not None and meeting.current_block.kind == "gruppdialog"
    notes = [note_payload(n) for n in BoardNote.objects.filter(pk__in=note_ids).select_related("group")]
    sends = [(screen_group(meeting_id), {"type": "board", "notes": notes})]
    by_group: dict[int, list[dict[str, Any]]] = {}
    for note in notes:
        if note["group"]:
            by_group.setdefault(note["group"], []).append(note)
    for gid, group_notes in by_group.items():
        sends.append((dialogue_group(meeting_id, gid), {"type": "board", "notes": group_notes}))
    for_phones = notes if not in_dialogue else [n for n in notes if not n["group"]]
    if for_phones:
        sends.append((phones_group(meeting_id), {"type": "board", "notes": for_phones}))
    return sends


def results_sends(poll_id: int, nonces: list[str]) -> list[tuple[str, dict[str, Any]]]:
    poll = Poll.objects.get(pk=poll_id)
    payload = results_payload(poll, nonces)
    sends = [(screen_group(poll.meeting_id), payload)]
    if poll.results_visible:
        sends.append((phones_group(poll.meeting_id), payload))
    return sends


def chat_sends(meeting_id: int, message_ids: list[int]) -> list[tuple[str, dict[str, Any]]]:
    messages = ChatMessage.objects.filter(pk__in=message_ids).select_related("participant", "user")
    return [(meeting_group(meeting_id), {"type": "chat", "messages": [chat_payload(m) for m in messages]})]


# Sending ---------------------------------------------------------------------------------------------


# Messages travel through the channel layer as JSON text, encoded once: the in-memory layer deep-copies
# every message for every receiver, and 300 copies of a board of 300 notes cost seconds of CPU.
SERVER_NOW_MARK = '"server_now": -1'
GROUP_MARK = '"group": null'


def state_event(state: dict[str, Any]) -> dict[str, Any]:
    """A state payload as a channel-layer event: shared JSON text with two marks each consumer fills in
    (its server clock and, for a participant, its own group), plus what consumers need to decide things."""
    common = {k: v for k, v in state.items() if k != "groups"}
    common["timer"] = {**state["timer"], "server_now": -1}
    common["group"] = None
    poll = state.get("poll")
    return {
        "type": "push",
        "state": json.dumps(common, ensure_ascii=False),
        "groups": {pid: json.dumps(g, ensure_ascii=False) for pid, g in state.get("groups", {}).items()},
        "block_id": state["block"]["id"] if state.get("block") else None,
        "poll": {"id": poll["id"], "results_visible": poll["results_visible"]} if poll else None,
    }


def event_for(payload: dict[str, Any]) -> dict[str, Any]:
    if payload.get("type") == "state":
        return state_event(payload)
    return {"type": "push", "text": json.dumps(payload, ensure_ascii=False)}


async def send_all(sends: list[tuple[str, dict[str, Any]]]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    for group, payload in sends:
        await layer.group_send(group, event_for(payload))


def push(sends: list[tuple[str, dict[str, Any]]]) -> None:
    """Send from sync code (views, commands, services' callers)."""
    async_to_sync(send_all)(sends)


def broadcast_state(meeting_id: int) -> None:
    push([(meeting_group(meeting_id), state_payload(load_meeting(meeting_id)))])


def broadcast_results(poll_id: int) -> None:
    push(results_sends(poll_id, []))


def broadcast_board(meeting_id: int, note_ids: list[int]) -> None:
    push(board_sends(meeting_id, note_ids))


def broadcast_chat(meeting_id: int, message_ids: list[int]) -> None:
    push(chat_sends(meeting_id, message_ids))


class Coalescer:
    """Collects items per key and flushes them at most once per `delay` seconds per key.

    The first item for a key starts a flush loop; items added while a flush runs go into the next one,
    so nothing is lost and flushes for one key never overlap (totals never go backwards).
    """

    def __init__(self, delay: float = COALESCE_SECONDS) -> None:
        self.delay = delay
        self.pending: dict[Hashable, list[Any]] = {}
        self.tasks: dict[Hashable, asyncio.Task[None]] = {}

    def add(self, key: Hashable, item: Any, flush: Callable[[Hashable, list[Any]], Awaitable[None]]) -> None:
        self.pending.setdefault(key, []).append(item)
        loop = asyncio.get_running_loop()
        task = self.tasks.get(key)
        # A task of a closed loop (tests run one loop each) would never flush: start afresh.
        if task is None or task.done() or task.get_loop() is not loop:
            self.tasks[key] = loop.create_task(self._run(key, flush))

    async def _run(self, key: Hashable, flush: Callable[[Hashable, list[Any]], Awaitable[None]]) -> None:
        try:
            while self.pending.get(key):
                await asyncio.sleep(self.delay)
                items = self.pending.pop(key, [])
                if items:
                    try:
                        await flush(key, items)
                    except Exception:  # a failed broadcast must not stop later ones
                        logger.exception("Live broadcast for %s failed", key)
        finally:
            self.tasks.pop(key, None)
            # An item may have arrived after the loop's last check; start another round for it.
            if self.pending.get(key):
                self.tasks[key] = asyncio.get_running_loop().create_task(self._run(key, flush))


class Batcher:
    """Runs `save(items)` on everything submitted while the previous batch was being saved.

    `save` takes a list and returns one result per item; `submit` waits for its item's result. Under
    load a batch grows by itself (one transaction instead of hundreds); when quiet, an item waits only
    `delay` seconds.
    """

    def __init__(self, save: Callable[[list[Any]], Awaitable[list[Any]]], delay: float = 0.01) -> None:
        self.save = save
        self.delay = delay
        self.items: list[tuple[Any, asyncio.Future[Any]]] = []
        self.task: asyncio.Task[None] | None = None

    async def submit(self, item: Any) -> Any:
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Any] = loop.create_future()
        self.items.append((item, future))
        if self.task is None or self.task.done() or self.task.get_loop() is not loop:
            self.task = loop.create_task(self._run())
        return await future

    async def _run(self) -> None:
        while self.items:
            await asyncio.sleep(self.delay)
            batch, self.items = self.items, []
            items = [item for item, _ in batch]
            try:
                results = await self.save(items)
            except Exception:  # one item the checks missed must not fail the others: save one by one
                logger.warning("Saving a batch of %s live items failed; saving them one by one", len(batch))
                results = [await self._save_one(item) for item in items]
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)

    async def _save_one(self, item: Any) -> Any:
        try:
            return (await self.save([item]))[0]
        except Exception as error:  # every waiting phone must hear back, even when saving failed
            logger.exception("Saving a live item failed")
            return error
