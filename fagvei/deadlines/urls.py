from django.urls import path

from . import views

urlpatterns = [
    path("deadlines/", views.deadline_list, name="deadline_list"),
]
