from django.urls import URLPattern, path

from livsmiljo.workshops import consumers

websocket_urlpatterns: list[URLPattern] = [
    path("ws/verkstad/deltagare/<str:token>/", consumers.ParticipantConsumer.as_asgi()),
    path("ws/verkstad/skarm/<str:screen_token>/", consumers.ScreenConsumer.as_asgi()),
    path("ws/verkstad/konsol/<int:meeting_id>/", consumers.ConsoleConsumer.as_asgi()),
]
