"""Shared test fixtures: an owner and a member of one organisation, an outsider of another, a facilitator."""

import asyncio
import os
import time
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

os.environ.setdefault("LIVSMILJO_TESTING", "1")
# The tests' keys in a shared Redis (REDIS_URL set) start with this; child processes inherit it, so they count
# in the same namespace, which is cleared before each test (see _fresh_redis_keys).
os.environ.setdefault("LIVSMILJO_REDIS_PREFIX", f"test-{os.getpid()}")

import pytest
from django.test import Client

from livsmiljo.organisations.models import Organisation, User
from livsmiljo.organisations.services import user_create

PASSWORD = "ett-langt-losenord-for-test"  # also livsmiljo.tests.browser.PASSWORD
T = TypeVar("T")


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INDEX_DIR = tmp_path / "index"
    settings.MEDIA_ROOT.mkdir()
    settings.INDEX_DIR.mkdir()


@pytest.fixture(autouse=True)
def _fresh_search_caches():
    """Each test's database is rolled back, so passage ids come back with other text in the next test: a
    keyword index or vector matrix cached in this process must not be merged across tests (in a running
    site ids are never re-used once committed)."""
    from livsmiljo.search.backends import sqlite, vectors

    sqlite.forget_cache()
    vectors.forget_cache()


@pytest.fixture(autouse=True)
def _fresh_redis_keys():
    """Redis (REDIS_URL set: the second CI pass) is not rolled back with the test database: rate-limit counts,
    cached sessions and worker heartbeats of one test must not reach the next. Only this test process's keys
    go (settings.REDIS_PREFIX is per process in tests)."""
    from django.conf import settings

    if not settings.REDIS_URL:
        yield
        return
    import redis

    client = redis.Redis.from_url(settings.REDIS_URL)

    def clear() -> None:
        keys = list(client.scan_iter(match=f"{settings.REDIS_PREFIX}:*", count=1000))
        if keys:
            client.delete(*keys)

    clear()
    try:
        yield
    finally:
        clear()
        client.close()


@pytest.fixture
def region(db) -> Organisation:
    return Organisation.objects.get(slug="ostergotland")


@pytest.fixture
def other_region(db) -> Organisation:
    return Organisation.objects.get(slug="norrbotten")


@pytest.fixture
def owner(region) -> User:
    return user_create(username="alice", password=PASSWORD, organisation=region)


@pytest.fixture
def member(region) -> User:
    return user_create(username="bob", password=PASSWORD, organisation=region)


@pytest.fixture
def outsider(other_region) -> User:
    return user_create(username="charlie", password=PASSWORD, organisation=other_region)


@pytest.fixture
def facilitator(db) -> User:
    return user_create(username="fia", password=PASSWORD, organisation=None, facilitator=True)


def _client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def owner_client(owner) -> Client:
    return _client_for(owner)


@pytest.fixture
def outsider_client(outsider) -> Client:
    return _client_for(outsider)


@pytest.fixture
def facilitator_client(facilitator) -> Client:
    return _client_for(facilitator)


# --- Browser tests (H5): a real ASGI server in a thread, Debian's Chromium driven by Playwright. ---
#
# The sqlite test database is a file (see settings), so the server thread sees what a test commits; browser
# tests therefore use `transactional_db` (through `asgi_server`), with serialized rollback so the seeded
# organisations come back after each flush. Mark them `@pytest.mark.browser`.
# Helpers `login(page, base_url, user)` and `assert_accessible(page)` are in livsmiljo/tests/browser.py.

CHROMIUM = os.environ.get("LIVSMILJO_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix: None) -> None:
    """Give each pytest process its own sqlite test file, so helpers running tests at once don't collide."""
    from django.conf import settings

    test = settings.DATABASES["default"].get("TEST") or {}
    name = test.get("NAME")
    if name and str(name).endswith(".sqlite3") and not str(name).endswith(f"-{os.getpid()}.sqlite3"):
        test["NAME"] = str(name).removesuffix(".sqlite3") + f"-{os.getpid()}.sqlite3"


class LiveServerURL(str):
    """The base URL of the running server (a str), plus its event loop for cross-thread calls."""

    loop: "asyncio.AbstractEventLoop"

    def run(self, coroutine: "Coroutine[Any, Any, T]") -> "T":
        """Run a coroutine on the server's loop, e.g. `channel_layer.group_send(...)` from the test."""
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout=10)


@pytest.fixture
def asgi_app() -> Any:
    """The ASGI application served by `asgi_server`; override in a test module to serve something else."""
    from livsmiljo.asgi import application

    return application


@pytest.fixture
def asgi_server(
    transactional_db: None, django_db_serialized_rollback: None, asgi_app: Any
) -> Iterator[LiveServerURL]:
    """Serve the app with uvicorn in a background thread against the test database; yield the base URL."""
    import socket
    import threading

    import uvicorn

    # A fresh channel layer for each server: a Redis layer belongs to the event loop that receives on it,
    # and a connection left waiting when the previous test's server stopped would keep the old loop's claim
    # ("Two event loops are trying to receive() on one channel layer at once!").
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(asgi_app, lifespan="off", log_level="warning", ws="websockets-sansio")
    server = uvicorn.Server(config)
    loops: list[asyncio.AbstractEventLoop] = []

    def serve() -> None:
        async def main() -> None:
            loops.append(asyncio.get_running_loop())
            await server.serve(sockets=[sock])

        asyncio.run(main())

    thread = threading.Thread(target=serve, name="asgi-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("Testservern startade inte.")
        time.sleep(0.02)
    url = LiveServerURL(f"http://127.0.0.1:{port}")
    url.loop = loops[0]
    try:
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        from django.db import connections

        connections.close_all()


@pytest.fixture(scope="module")
def browser(django_db_setup: None, django_db_blocker: Any) -> Iterator[Any]:
    """A headless Chromium (Debian's, not a Playwright download) for the tests of one module.

    Playwright's sync API marks its event loop as running in the main thread between calls. Django then
    keeps database connections per async context instead of per thread, and pytest-asyncio tests can't
    start their own loop: so Playwright lives only as long as one module, unsafe-async is allowed only
    meanwhile, and the serialized test data (for serialized rollback) is handed to the new connection.
    """
    from django.db import connections
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Chromium saknas på {CHROMIUM}: installera Debians paket chromium eller sätt LIVSMILJO_CHROMIUM."
        )
    serialized = {
        alias: vars(connections[alias])["_test_serialized_contents"]
        for alias in connections
        if "_test_serialized_contents" in vars(connections[alias])
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    playwright = sync_playwright().start()
    for alias, contents in serialized.items():
        setattr(connections[alias], "_test_serialized_contents", contents)  # noqa: B010
    try:
        yield playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    finally:
        with django_db_blocker.unblock():
            connections.close_all()
        playwright.stop()
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any, asgi_server: LiveServerURL) -> Iterator[Any]:
    """A fresh browser context per test, in Swedish; relative URLs go to the server (`page.goto("/sok/")`)."""
    context = browser.new_context(
        locale="sv-SE", base_url=str(asgi_server), viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    browser_page = context.new_page()
    try:
        yield browser_page
    finally:
        context.close()


@pytest.fixture(autouse=True)
def _fresh_redis_cache(settings: Any) -> None:
    """The database cache rolls back with each test's database; with REDIS_URL the cache (rate-limit counters
    among it) would outlive the test, so each test starts from an empty one."""
    if "redis" in str(settings.CACHES["default"]["BACKEND"]).lower():
        from django.core.cache import cache

        cache.clear()
