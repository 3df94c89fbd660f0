"""`livsmiljo meeting create|list|start|open-poll|results` – run workshops from the shell (and scripts)."""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse

from livsmiljo.workshops import live, services
from livsmiljo.workshops.models import Meeting, Poll

DEFAULT_PROJECT = "Hållbara livsmiljöer"


class Command(BaseCommand):
    help = "Skapa, lista, starta och läs resultat från verkstadsmöten."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        create = sub.add_parser("create", help="skapa ett möte från en mall")
        create.add_argument("--template", default="seed", choices=["seed", "tom"])
        create.add_argument("--title", required=True)
        create.add_argument("--project", default=DEFAULT_PROJECT)
        create.add_argument("--base-url", default="http://127.0.0.1:8000")
        create.add_argument("--json", action="store_true")
        listing = sub.add_parser("list", help="lista möten")
        listing.add_argument("--json", action="store_true")
        start = sub.add_parser("start", help="starta ett möte: första punkten och dess fråga")
        start.add_argument("id", type=int)
        open_poll = sub.add_parser("open-poll", help="öppna en fråga")
        open_poll.add_argument("id", type=int)
        open_poll.add_argument("--poll", type=int)
        results = sub.add_parser("results", help="alla frågors resultat")
        results.add_argument("id", type=int)
        results.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        handler = getattr(self, "handle_" + options["what"].replace("-", "_"))
        try:
            handler(options)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _meeting(self, meeting_id: int) -> Meeting:
        meeting = Meeting.objects.filter(pk=meeting_id).first()
        if meeting is None:
            raise CommandError(f"Det finns inget möte med id {meeting_id}. Se `livsmiljo meeting list`.")
        return meeting

    def _out(self, data: Any, as_json: bool, text: str) -> None:
        self.stdout.write(json.dumps(data, ensure_ascii=False) if as_json else text)

    def handle_create(self, options: dict[str, Any]) -> None:
        project = services.project_get_or_create(title=options["project"], user=None)
        meeting = services.meeting_create(
            project=project, title=options["title"], user=None, template=options["template"]
        )
        base = options["base_url"].rstrip("/")
        data = {
            "meeting_id": meeting.pk,
            "join_code": meeting.join_code,
            "join_url": base + reverse("workshops:join_code", args=[meeting.join_code]),
            "console_url": base + reverse("workshops:console", args=[meeting.pk]),
            "screen_url": base + reverse("workshops:screen", args=[meeting.screen_token]),
        }
        self._out(data, options["json"], "\n".join(f"{k}: {v}" for k, v in data.items()))

    def handle_list(self, options: dict[str, Any]) -> None:
        rows = [{"id": m.pk, "title": m.title, "status": m.status} for m in Meeting.objects.order_by("pk")]
        self._out(rows, options["json"], "\n".join(f"{r['id']}\t{r['status']}\t{r['title']}" for r in rows))

    def handle_start(self, options: dict[str, Any]) -> None:
        meeting = services.meeting_start(meeting=self._meeting(options["id"]), user=None)
        poll = meeting.current_poll
        if poll is None:
            # The seed opens with the conversation rules (no poll); a script wants something to vote on.
            poll = meeting.polls.order_by("id").first()
            if poll is not None:
                services.poll_open(poll=poll, user=None)
        live.broadcast_state(meeting.pk)
        self.stdout.write(f"Mötet {meeting.pk} pågår." + (f" Öppen fråga: {poll.pk}" if poll else ""))

    def handle_open_poll(self, options: dict[str, Any]) -> None:
        meeting = self._meeting(options["id"])
        polls = Poll.objects.filter(meeting=meeting)
        if options["poll"]:
            poll = polls.filter(pk=options["poll"]).first()
        else:
            poll = (
                polls.filter(block_id=meeting.current_block_id).first()
                or polls.filter(status=Poll.Status.DRAFT).first()
            )
        if poll is None:
            raise CommandError("Hittade ingen fråga att öppna i mötet.")
        services.poll_open(poll=poll, user=None)
        live.broadcast_state(meeting.pk)
        self.stdout.write(f"Frågan {poll.pk} är öppen.")

    def handle_results(self, options: dict[str, Any]) -> None:
        meeting = self._meeting(options["id"])
        rows = []
        for poll in meeting.polls.all():
            payload = live.results_payload(poll)
            extra: dict[str, Any] = {k: payload[k] for k in ("counts", "words", "answers") if k in payload}
            rows.append(
                {
                    "poll": poll.pk,
                    "kind": poll.kind,
                    "question": poll.question,
                    "status": poll.status,
                    "total": payload["total"],
                    **extra,
                }
            )
        text = "\n".join(f"{r['poll']}\t{r['kind']}\t{r['total']}\t{r['question']}" for r in rows)
        self._out(rows, options["json"], text)
