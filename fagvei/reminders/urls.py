from django.urls import path

from . import views

urlpatterns = [
    path("reminders/", views.preference, name="reminder_preference"),
]
