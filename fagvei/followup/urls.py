from django.urls import path

from . import views

urlpatterns = [
    path("pathways/<int:pk>/meetings/", views.pathway_meetings_page, name="pathway_meetings"),
    path("pathways/<int:pk>/meetings/new/", views.pathway_meeting_new, name="pathway_meeting_new"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("meetings/<int:pk>/minutes/", views.meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/minutes.pdf", views.meeting_minutes_pdf, name="meeting_minutes_pdf"),
    path("meetings/<int:pk>/step/<slug:name>/", views.meeting_transition, name="meeting_transition"),
    path("meetings/<int:pk>/action-items/", views.meeting_action_item_add, name="meeting_action_item_add"),
    path("meetings/<int:pk>/addenda/", views.meeting_addendum_add, name="meeting_addendum_add"),
    path("action-items/<int:pk>/done/", views.action_item_done, name="action_item_done"),
    path("tasks/", views.task_list, name="task_list"),
]
