"""The browser-test machinery itself: server, login, axe, and live WebSockets through the in-memory layer."""

import json
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.layers import get_channel_layer
from channels.routing import ProtocolTypeRouter, URLRouter
from csp.decorators import csp_exempt
from django.http import HttpRequest, HttpResponse
from django.urls import path, re_path

from livsmiljo.tests.browser import assert_accessible, axe_violations, login

pytestmark = pytest.mark.browser


class ProbeConsumer(AsyncWebsocketConsumer):
    """Joins the group "probe" and forwards whatever is sent to the group."""

    async def connect(self) -> None:
        await self.channel_layer.group_add("probe", self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard("probe", self.channel_name)

    async def probe_message(self, event: dict[str, Any]) -> None:
        await self.send(text_data=json.dumps({"text": event["text"]}))


@csp_exempt()  # the probe page's own inline script and Playwright's string predicates (eval) must run
def broadcast_view(request: HttpRequest) -> HttpResponse:
    """A plain sync view that broadcasts, as app views do when something changes."""
    async_to_sync(get_channel_layer().group_send)("probe", {"type": "probe.message", "text": "från vyn"})
    return HttpResponse("ok")


urlpatterns = [path("probe/broadcast/", broadcast_view)]
PROBE_PAGE = """
<script>
window.received = [];
const socket = new WebSocket(location.origin.replace("http", "ws") + "/ws/probe/");
socket.onmessage = (event) => window.received.push(JSON.parse(event.data).text);
socket.onopen = () => { window.opened = true; };
</script>
"""


@pytest.fixture
def asgi_app() -> Any:
    from django.core.asgi import get_asgi_application

    return ProtocolTypeRouter(
        {
            "http": get_asgi_application(),
            "websocket": URLRouter([re_path(r"^ws/probe/$", ProbeConsumer.as_asgi())]),
        }
    )


def test_the_server_serves_the_home_page_to_the_browser_in_swedish(page, asgi_server):
    page.goto(asgi_server + "/")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)


def test_a_user_logs_in_through_the_form_and_sees_their_name(page, asgi_server, owner):
    login(page, asgi_server, owner)
    assert page.locator(".account").get_by_text("alice").is_visible()


def test_axe_reports_a_serious_violation_readably(page, asgi_server):
    page.goto(asgi_server + "/")
    page.set_content('<html lang="sv"><body><main><img src="x.png"></main></body></html>')
    violations = axe_violations(page)
    assert any(v["id"] == "image-alt" for v in violations)
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


@pytest.mark.urls(__name__)
def test_a_websocket_gets_group_messages_from_a_sync_view_and_from_the_test(page, asgi_server):
    page.goto(asgi_server + "/probe/broadcast/")  # same origin for the WebSocket
    page.set_content(PROBE_PAGE)
    page.wait_for_function("window.opened === true")

    page.request.get(asgi_server + "/probe/broadcast/")
    asgi_server.run(get_channel_layer().group_send("probe", {"type": "probe.message", "text": "från testet"}))

    page.wait_for_function("window.received.length >= 2")
    assert page.evaluate("window.received") == ["från vyn", "från testet"]
