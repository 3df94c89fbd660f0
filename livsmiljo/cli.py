"""The `livsmiljo` console command: Django management commands with the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "livsmiljo.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    for folder in (settings.DATA_DIR, settings.MEDIA_ROOT, settings.INDEX_DIR):
        folder.mkdir(parents=True, exist_ok=True)
    execute_from_command_line(["livsmiljo", *sys.argv[1:]])


if __name__ == "__main__":
    main()
