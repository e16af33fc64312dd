from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", include("fagvei.pathways.urls")),
    path("people/", include("fagvei.people.urls")),
    path("organisations/", include("fagvei.organisations.urls")),
    path("curricula/", include("fagvei.curricula.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
