"""Hardening a security officer checks before approval: response headers, HTTPS settings, the API docs,
and logs that keep tracebacks for real faults only."""

import json
import logging
import os
import re
import subprocess
import sys
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory
from django.utils.log import log_response

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_a_page_carries_a_content_security_policy_that_allows_only_the_sites_own_scripts(owner_client):
    response = owner_client.get("/bibliotek/")
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["connect-src"] == ["'self'", "ws://testserver"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_a_page_says_not_to_sniff_frame_or_leak_the_referrer(owner_client):
    response = owner_client.get("/bibliotek/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_a_page_over_https_allows_only_a_secure_websocket_to_its_own_host(owner_client):
    response = owner_client.get("/bibliotek/", secure=True)
    assert _policy(response)["connect-src"] == ["'self'", "wss://testserver"]


def test_the_error_pages_carry_the_policy_too(client):
    assert "script-src 'self'" in client.get("/finns-inte/")["Content-Security-Policy"]


def _settings_in_a_fresh_process(tmp_path, **env: str) -> dict[str, Any]:
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
    ]
    code = (
        "import json, livsmiljo.settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    )
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LIVSMILJO_")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=clean | {"LIVSMILJO_DATA_DIR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def test_https_turns_on_secure_cookies_hsts_and_the_redirect(tmp_path):
    values = _settings_in_a_fresh_process(tmp_path, LIVSMILJO_HTTPS="1")
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # trusted only when a proxy is configured


def test_without_https_cookies_still_work_over_plain_http_on_a_laptop(tmp_path):
    values = _settings_in_a_fresh_process(tmp_path)
    assert values["SESSION_COOKIE_SECURE"] is False and values["SECURE_HSTS_SECONDS"] == 0


def test_the_forwarded_protocol_header_is_trusted_only_when_a_proxy_sets_it(tmp_path):
    values = _settings_in_a_fresh_process(tmp_path, LIVSMILJO_HTTPS="1", LIVSMILJO_HTTPS_PROXY_HEADER="1")
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]


def _deploy_check(tmp_path, **env: str) -> set[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LIVSMILJO_")}
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy"],
        env=clean
        | {
            "LIVSMILJO_DATA_DIR": str(tmp_path),
            "LIVSMILJO_HTTPS": "1",
            "LIVSMILJO_SECRET_KEY": "a-long-random-key-" + "k3y" * 20,
            "DJANGO_SETTINGS_MODULE": "livsmiljo.settings",
        }
        | env,
        capture_output=True,
        text=True,
    )
    return set(re.findall(r"\((security\.\w+)\)", result.stdout + result.stderr))


def test_the_deployment_check_finds_nothing_with_https_on_but_the_domain_wide_hsts_choices(tmp_path):
    assert _deploy_check(tmp_path) == {"security.W005", "security.W021"}  # subdomains, preload: opt-in
    assert _deploy_check(tmp_path, LIVSMILJO_HSTS_SUBDOMAINS="1", LIVSMILJO_HSTS_PRELOAD="1") == set()


def test_the_api_docs_ask_an_anonymous_visitor_to_log_in(client):
    for url in ("/api/docs", "/api/openapi.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/logga-in/" in response["Location"]


def test_the_api_docs_load_swagger_ui_from_the_sites_own_static_files(owner_client):
    response = owner_client.get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "cdn" not in html.lower() and "<script>" not in html


def _record_for(status: int, exception: Exception, caplog) -> logging.LogRecord:
    caplog.clear()
    request = RequestFactory().get("/verkstad/nytt/")
    log_response(
        "%s", request.path, response=HttpResponse(status=status), request=request, exception=exception
    )
    [record] = [r for r in caplog.records if r.name == "django.request"]
    return record


def test_a_403_is_logged_on_one_line_without_a_traceback(owner_client, caplog):
    assert owner_client.get("/verkstad/nytt/").status_code == 403
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "WARNING" and record.exc_info is None
    assert "Traceback" not in caplog.text


def test_an_expected_404_has_no_traceback_but_a_server_error_keeps_it(caplog):
    assert _record_for(404, Http404("saknas"), caplog).exc_info is None
    assert _record_for(403, PermissionDenied("nej"), caplog).exc_info is None
    try:
        raise RuntimeError("fel")
    except RuntimeError as error:
        assert _record_for(500, error, caplog).exc_info is not None


def test_no_template_has_an_inline_script_event_handler_or_style_that_the_policy_would_block():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    inline = re.compile(
        r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>|\son[a-z]+=|\sstyle=|<style|hx-on|javascript:",
        re.IGNORECASE,
    )
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("templates/**/*.html")
        for match in inline.finditer(path.read_text())
    ]
    assert found == []
