import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from livsmiljo.analysis.classify_cli import classify_texts


class Command(BaseCommand):
    help = (
        'Tagga text mot ramverket. Läser JSON-rader {"id", "text"} från FIL eller - (standard in) '
        "och skriver "
        "en rad per indata med teman, grupper, strategiska områden och målkonflikt."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default="-", help="JSONL-fil, eller - för standard in")
        parser.add_argument("--json", action="store_true", help="skriv JSON-rader (standard)")
        parser.add_argument(
            "--evidence", action="store_true", help="ta med belägg (ord och närmaste exempel)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        items = self._read(options["file"])
        taggings = classify_texts([text for _, text in items])
        for (item_id, _text), tagging in zip(items, taggings, strict=False):
            row: dict[str, object] = {"id": item_id, **tagging.to_contract()}
            if options["evidence"]:
                row["evidence"] = tagging.to_dict()
            self.stdout.write(json.dumps(row, ensure_ascii=False))

    def _read(self, name: str) -> list[tuple[object, str]]:
        try:
            stream = sys.stdin if name == "-" else open(name, encoding="utf-8")  # noqa: SIM115
        except OSError as error:
            raise CommandError(
                f"Kan inte läsa {name}: {error.strerror}. Ange en befintlig JSONL-fil."
            ) from error
        items: list[tuple[object, str]] = []
        with stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line)
                    items.append((data.get("id", number), str(data["text"])))
                except (ValueError, KeyError, AttributeError) as error:
                    raise CommandError(
                        f'Rad {number} är inte en JSON-rad med fältet "text". Rätta raden och försök igen.'
                    ) from error
        return items
