"""`livsmiljo check-deploy` says in Swedish what is missing or unsafe, and exits non-zero when anything is."""

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from livsmiljo.management.commands import check_deploy
from livsmiljo.tests.processes import environment, livsmiljo, migrated_data_dir
from livsmiljo.worker import alive

pytestmark = pytest.mark.django_db
ENVIRONMENT_READ = re.compile(r"""environ(?:\.get|\.setdefault)?[(\[]\s*["']([A-Z][A-Z0-9_]+)["']""")
GOOD_KEY = "k3J9-x_Qw8vLp2Zr7Tn5Yb1Hc6Fd4Gs0Mu8Ea2Wi9Oo3Pl5Kj7Xq1Rv6Sz4Nt0By2Ch8D"


@pytest.fixture
def ready(settings):
    """A deployment with nothing to complain about: the tests below break one thing each."""
    settings.DEBUG = False
    settings.SECRET_KEY = GOOD_KEY
    settings.ALLOWED_HOSTS = ["livsmiljo.region.se"]
    settings.LIVSMILJO_HTTPS = True
    settings.REDIS_URL = ""
    settings.LIVSMILJO_WEB_WORKERS = 1
    settings.TASKS_IMMEDIATE = False
    settings.LIVSMILJO_WORKER_STALE_SECONDS = 60
    alive.worker_beat("worker-1")
    return settings


def _check() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_deploy", stdout=out)
    except SystemExit as stop:
        return int(stop.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_a_safe_deployment_passes_with_exit_code_0(ready):
    code, output = _check()

    assert code == 0, output
    assert "Inga problem hittades" in output


BREAKS = {
    "debug": ({"DEBUG": True}, "Felsökningsläget är på (LIVSMILJO_DEBUG=1)"),
    "default secret key": (
        {"SECRET_KEY": check_deploy.DEFAULT_SECRET_KEY},
        "LIVSMILJO_SECRET_KEY är inte satt",
    ),
    "short secret key": ({"SECRET_KEY": "hemligt-men-kort"}, "LIVSMILJO_SECRET_KEY är för kort"),
    "wildcard host": ({"ALLOWED_HOSTS": ["*"]}, "LIVSMILJO_ALLOWED_HOSTS innehåller *"),
    "no hosts": ({"ALLOWED_HOSTS": []}, "LIVSMILJO_ALLOWED_HOSTS är tom"),
    "plain http": ({"LIVSMILJO_HTTPS": False}, "HTTPS är av (LIVSMILJO_HTTPS)"),
    "redis down": ({"REDIS_URL": "redis://127.0.0.1:1/0"}, "Redis svarar inte på REDIS_URL"),
    "several processes without redis": (
        {"LIVSMILJO_WEB_WORKERS": 3},
        "3 webbprocesser är inställda (LIVSMILJO_WEB_WORKERS) men REDIS_URL saknas",
    ),
    "no worker": ({"LIVSMILJO_WORKER_STALE_SECONDS": 0}, "Ingen bakgrundsarbetare har hörts av"),
}


@pytest.mark.parametrize("change, said", BREAKS.values(), ids=BREAKS.keys())
def test_each_problem_is_named_in_swedish_with_exit_code_1(ready, change, said):
    for name, value in change.items():
        setattr(ready, name, value)

    code, output = _check()

    assert code == 1
    assert said in output
    assert "1 problem att åtgärda" in output
    assert output.count("✗ ") == 1


def test_a_database_without_pgvector_is_named(ready, monkeypatch):
    missing = "PostgreSQL saknar tillägget pgvector (vector), som sökningen behöver"
    monkeypatch.setattr(check_deploy, "database_problems", lambda: [missing])

    code, output = _check()

    assert code == 1
    assert missing in output


def test_tasks_run_in_the_request_need_no_worker(ready):
    ready.TASKS_IMMEDIATE = True
    alive.worker_gone("worker-1")

    assert _check()[0] == 0


def test_the_command_on_a_fresh_install_names_the_default_key_plain_http_and_the_missing_worker(
    tmp_path: Path,
):
    data_dir = migrated_data_dir(tmp_path / "data")

    done = subprocess.run(
        livsmiljo("check-deploy"), env=environment(data_dir), capture_output=True, text=True, timeout=120
    )

    assert done.returncode == 1, done.stdout + done.stderr
    assert "LIVSMILJO_SECRET_KEY är inte satt" in done.stdout
    assert "HTTPS är av" in done.stdout
    assert "Ingen bakgrundsarbetare har hörts av" in done.stdout
    assert "3 problem att åtgärda" in done.stdout


def test_the_deployment_guide_has_every_environment_variable_the_code_reads_in_its_table():
    root = Path(__file__).resolve().parents[2]
    read = set()
    for source in (root / "livsmiljo").rglob("*.py"):
        if "tests" not in source.parts:
            read |= set(ENVIRONMENT_READ.findall(source.read_text(encoding="utf-8")))
    guide = (root / "deploy" / "README.md").read_text(encoding="utf-8")
    table = {line.split("`")[1] for line in guide.splitlines() if line.startswith("| `")}

    set_not_read = {"OMP_NUM_THREADS", "OMP_THREAD_LIMIT", "OMP_WAIT_POLICY"}  # for the model and Tesseract
    assert read - set_not_read - {"XDG_CACHE_HOME", "DJANGO_SETTINGS_MODULE"} <= table
