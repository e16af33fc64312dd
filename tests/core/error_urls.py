"""The site's URLs plus a view that fails, for the server-error page test."""

from django.urls import path

from fagvei.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("test-error/", fail), *site_urlpatterns]
