from django.urls import path

from . import views

urlpatterns = [
    path("pathways/<int:pk>/concerns/", views.pathway_concerns_page, name="pathway_concerns"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/step/<slug:name>/", views.concern_step, name="concern_step"),
    path("concerns/<int:pk>/meetings/", views.concern_meeting_schedule, name="concern_meeting_schedule"),
    path("concerns/<int:pk>/notes/", views.concern_note_add, name="concern_note_add"),
    path("county/concerns/", views.county_concerns_page, name="county_concerns"),
]
