from django.urls import path

from . import scheme_views, views

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
    # The scheme page: its groups, members, group meetings and monthly themes (seed 002).
    path("schemes/", scheme_views.scheme_list, name="scheme_list"),
    path("schemes/<int:pk>/", scheme_views.scheme_detail, name="scheme_detail"),
    path("schemes/<int:pk>/groups/new/", scheme_views.group_create, name="group_create"),
    path("schemes/<int:pk>/themes/", scheme_views.theme_edit, name="theme_edit"),
    path("groups/<int:pk>/edit/", scheme_views.group_edit, name="group_edit"),
    path("groups/<int:pk>/members/new/", scheme_views.group_member_add, name="group_member_add"),
    path(
        "groups/<int:pk>/members/<int:member_pk>/remove/",
        scheme_views.group_member_remove,
        name="group_member_remove",
    ),
    path("groups/<int:pk>/meetings/new/", scheme_views.group_meeting_new, name="group_meeting_new"),
    path("meetings/<int:pk>/notes/", scheme_views.meeting_notes, name="meeting_notes"),
    path("meetings/<int:pk>/report/", scheme_views.meeting_report, name="meeting_report"),
]
