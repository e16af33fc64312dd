from django.urls import path

from . import views

urlpatterns = [
    path("", views.organisation_list, name="organisation_list"),
    path("new/", views.organisation_create, name="organisation_create"),
    path("<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<int:pk>/edit/", views.organisation_edit, name="organisation_edit"),
    path("<int:pk>/approvals/new/", views.approval_add, name="organisation_approval_add"),
    path(
        "<int:pk>/approvals/<int:approval_pk>/status/",
        views.approval_status,
        name="organisation_approval_status",
    ),
]
