import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from livsmiljo.workshops.loadtest import LoadtestError, loadtest_run, loadtest_target


class Command(BaseCommand):
    help = (
        "Join N simulated participants to a running meeting on this machine, let each vote in the open "
        "poll and write a note, and report votes lost (sent but not in the database; unacked votes are sent "
        "again with the same nonce, as the phone page does) and vote-to-projector latency."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="The server (loopback only).")
        parser.add_argument("--code", required=True, help="The meeting's join code.")
        parser.add_argument("--participants", type=int, default=50)
        parser.add_argument("--timeout", type=float, default=120.0, help="Seconds before the test stops.")
        parser.add_argument("--concurrency", type=int, default=50, help="Joins and connects at a time.")
        parser.add_argument("--json", action="store_true", help="Print the result as JSON.")
        parser.add_argument(
            "--pairs", type=int, default=6, help="At a matrix block: pairs each phone scores (some resent)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            target = loadtest_target(url=options["url"], code=options["code"])
            report = loadtest_run(
                target=target,
                participants=options["participants"],
                timeout=options["timeout"],
                concurrency=options["concurrency"],
                pairs=options["pairs"],
            )
        except LoadtestError as problem:
            raise CommandError(str(problem)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            _(
                "%(joined)s/%(participants)s deltagare anslöt; %(counted)s av %(sent)s röster syntes på "
                "skärmen (%(lost)s förlorade); latens p50 %(p50)s ms, p95 %(p95)s ms, max %(max)s ms; "
                "%(seconds)s s."
            )
            % {
                "joined": report.joined,
                "participants": report.participants,
                "counted": report.votes_counted,
                "sent": report.votes_sent,
                "lost": report.lost,
                "seconds": report.seconds,
                **report.latency_ms,
            }
        )
        self.stdout.write(
            _(
                "Röster i databasen: %(saved)s av %(sent)s (%(acked)s kvitterade); %(resends)s skickades "
                "igen med samma nonce, %(reconnects)s återanslutningar."
            )
            % {
                "saved": report.votes_in_database,
                "sent": report.votes_sent,
                "acked": report.votes_acked,
                "resends": report.vote_resends,
                "reconnects": report.reconnects,
            }
        )
        if report.matrix:
            self.stdout.write(
                _(
                    "Matrisen: %(sent)s bedömningar skickade (%(resends)s skickade igen), %(distinct)s olika "
                    "par per deltagare, %(saved)s sparade; kvittens p95 %(p95)s ms."
                )
                % {
                    "sent": report.matrix["scores_sent"],
                    "resends": report.matrix["resends"],
                    "distinct": report.matrix["distinct_pairs_sent"],
                    "saved": report.matrix["saved"],
                    "p95": report.matrix["ack_ms"]["p95"],
                }
            )
        for error in report.errors:
            self.stderr.write(error)
