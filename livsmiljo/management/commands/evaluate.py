from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Measure quality on a labelled set: `evaluate search` or `evaluate classify`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        search = sub.add_parser(
            "search", help="nDCG@10, recall@10 and MRR for keyword, dense and hybrid ranking"
        )
        search.add_argument("--passages", required=True)
        search.add_argument("--queries", required=True)
        search.add_argument("--json", action="store_true")
        classify = sub.add_parser("classify", help="per-theme P/R/F1, macro-F1, group F1, conflict F1")
        classify.add_argument("--passages", required=True)
        classify.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "search":
            from livsmiljo.search.evaluation import evaluate_command

            evaluate_command(
                self, passages=options["passages"], queries=options["queries"], as_json=options["json"]
            )
        else:
            from livsmiljo.analysis import evaluation as analysis_evaluation

            analysis_evaluation.evaluate_command(self, passages=options["passages"], as_json=options["json"])
