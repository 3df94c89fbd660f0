import os
from argparse import ArgumentParser, ArgumentTypeError
from typing import Any

from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from livsmiljo.dbcheck import refuse_unsupported_database
from livsmiljo.engine.embeddings import threads_use
from livsmiljo.worker.runner import ResilientWorker

# One core per worker process unless told otherwise: throughput grows by adding worker processes (on this
# machine or others), and a worker that takes every core for each embedding slows the web process and the
# other workers beside it (BENCHMARKS.md, ingestion throughput).
DEFAULT_THREADS = 1


def thread_count(value: str) -> int:
    try:
        count = int(value)
    except ValueError:
        count = 0
    if count < 1:
        raise ArgumentTypeError(f"{value!r}: give a whole number of threads, at least 1")
    return count


def default_threads() -> int:
    value = os.environ.get("LIVSMILJO_WORKER_THREADS", "").strip()
    try:
        return thread_count(value) if value else DEFAULT_THREADS
    except ArgumentTypeError:
        raise CommandError(
            f"LIVSMILJO_WORKER_THREADS={value!r}: ange ett heltal, minst 1. "
            "/ Give a whole number, at least 1."
        ) from None


class Command(db_worker.Command):
    help = (
        "Work background tasks (uploads, re-reading, re-tagging): waits out a locked database, resumes "
        "interrupted runs. `livsmiljo serve` starts one and restarts it if it dies."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--threads",
            type=thread_count,
            default=None,
            help=(
                "Cores the embedding model may use at once in this worker (default: "
                f"LIVSMILJO_WORKER_THREADS, else {DEFAULT_THREADS}). For more throughput, start more workers."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_unsupported_database()
        threads_use(options["threads"] or default_threads())
        self.configure_logging(options["verbosity"])
        queues = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        worker = ResilientWorker(
            queue_names=queues,
            interval=options["interval"],
            batch=options["batch"],
            backend_name=options["backend_name"],
            startup_delay=options["startup_delay"],
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"],
            excluded_queue_names=excluded,
        )
        worker.configure_signals()
        worker.run()
