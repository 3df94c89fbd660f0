"""WebSocket routes of every app, gathered in one list for the ASGI router."""

from livsmiljo.workshops.routing import websocket_urlpatterns as workshop_routes

websocket_urlpatterns = [*workshop_routes]
