from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from livsmiljo import health, views
from livsmiljo.organisations.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("konto/logga-in/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("organisationer/", include("livsmiljo.organisations.urls")),
    path("bibliotek/", include("livsmiljo.documents.urls")),
    path("sok/", include("livsmiljo.search.urls")),
    path("analys/", include("livsmiljo.analysis.urls")),
    path("verkstad/hemuppgifter/", include("livsmiljo.homework.urls")),
    path("verkstad/", include("livsmiljo.workshops.urls")),
    path("matris/", include("livsmiljo.matrix.urls")),
    path("rapporter/", include("livsmiljo.reports.urls")),
    path("natverk/", include("livsmiljo.network.urls")),
    path("api/", include("livsmiljo.api")),
    path("halsa/", health.health, name="health"),  # for load balancers and monitors (livsmiljo/health.py)
]
