from django.urls import path

from livsmiljo.network import views, views_matches

app_name = "network"
# network:person takes the user's id (PersonPage.user_id): a person has a page address before writing one.
# Matches, the network view and grouping are appended below by their author.
urlpatterns: list = [
    path("", views.people, name="people"),
    path("personer/<int:pk>/", views.person, name="person"),
    path("min-sida/", views.my_page, name="my_page"),
    path("min-sida/svar/<int:pk>/ta-bort/", views.answer_remove, name="answer_remove"),
    path("spara-svar/<str:token>/", views.answer_save, name="answer_save"),
    # "Ni borde prata", organisations seen from one's curiosities, the network view ([N2])
    path("personer/<int:pk>/matchningar/", views_matches.person_matches, name="matches"),
    path("organisationer/<int:pk>/", views_matches.organisation, name="organisation"),
    path("karta/", views_matches.network_view, name="map"),
]
