"""Site-wide hardening that settings alone can't express: the WebSocket source in the Content-Security-Policy,
and logs that keep tracebacks for real faults only."""

import logging

from csp.middleware import CSPMiddleware, PolicyParts
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponseBase


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, plus this host's own WebSocket URL in connect-src.

    'self' covers ws: and wss: only in browsers that follow CSP 3, and a scheme source (`wss:`) would let a
    page connect to any host; the host has been checked against ALLOWED_HOSTS by then."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        try:
            host = request.get_host()
        except DisallowedHost:
            return parts
        socket = f"{'wss' if request.is_secure() else 'ws'}://{host}"
        parts.update = {**(parts.update or {}), "connect-src": [socket]}
        return parts


class ExpectedErrorsWithoutTraceback(logging.Filter):
    """A 4xx response (PermissionDenied, Http404, a bad request) is the site working as meant: keep its
    one-line warning, drop the traceback. 5xx records keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
