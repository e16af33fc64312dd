from django.urls import path

from . import views

urlpatterns = [
    path("pathways/<int:pk>/concerns/", views.pathway_concerns_page, name="pathway_concerns"),
    path("concerns/<int:pk>/", views.concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/packet.pdf", views.concern_packet_pdf, name="concern_packet_pdf"),
    path("concerns/<int:pk>/step/<slug:name>/", views.concern_step, name="concern_step"),
    path("concerns/<int:pk>/meetings/", views.concern_meeting_schedule, name="concern_meeting_schedule"),
    path("concerns/<int:pk>/notes/", views.concern_note_add, name="concern_note_add"),
    path("concerns/<int:pk>/plan/confirm/", views.concern_confirm_plan, name="concern_confirm_plan"),
    path("concerns/<int:pk>/plan/paper/", views.concern_paper_signature, name="concern_paper_signature"),
    path("concerns/<int:pk>/plan/scan/", views.concern_signed_plan, name="concern_signed_plan"),
    path("concerns/<int:pk>/interruption/", views.concern_interruption, name="concern_interruption"),
    path("concerns/<int:pk>/county-contact/", views.concern_county_contact, name="concern_county_contact"),
    path("concerns/goals/<int:pk>/done/", views.goal_done, name="concern_goal_done"),
    path("county/concerns/", views.county_concerns_page, name="county_concerns"),
]
