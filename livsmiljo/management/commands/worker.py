from typing import Any

from django_tasks_db.management.commands import db_worker

from livsmiljo.dbcheck import refuse_unsupported_database
from livsmiljo.worker.runner import ResilientWorker


class Command(db_worker.Command):
    help = (
        "Work background tasks (uploads, re-reading, re-tagging): waits out a locked database, resumes "
        "interrupted runs. `livsmiljo serve` starts one and restarts it if it dies."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        refuse_unsupported_database()
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
