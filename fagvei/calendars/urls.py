from django.urls import path

from . import views

urlpatterns = [
    path("calendar/", views.calendar_page, name="calendar"),
    path("calendar/new", views.calendar_new, name="calendar_new"),
    path("calendar/off", views.calendar_off, name="calendar_off"),
    # No login: the secret in the address is the credential (fagvei/calendars/access.py).
    path("calendar/feed/<str:secret>.ics", views.calendar_feed, name="calendar_feed"),
]
