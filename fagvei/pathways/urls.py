from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("pathways/", views.pathway_list, name="pathway_list"),
    path("pathways/new/", views.pathway_create, name="pathway_create"),
    path("pathways/selected/", views.pathway_bulk, name="pathway_bulk"),
    path("pathways/<int:pk>/", views.pathway_detail, name="pathway_detail"),
    path("pathways/<int:pk>/edit/", views.pathway_edit, name="pathway_edit"),
    path("pathways/<int:pk>/screening/", views.pathway_screening, name="pathway_screening"),
    path("pathways/<int:pk>/steps/<slug:name>/", views.pathway_transition, name="pathway_transition"),
    path("pathways/<int:pk>/members/new/", views.member_add, name="pathway_member_add"),
    path("pathways/<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="pathway_member_remove"),
    path("pathways/<int:pk>/consents/new/", views.consent_add, name="pathway_consent_add"),
    path(
        "pathways/<int:pk>/consents/<int:consent_pk>/withdraw/",
        views.consent_withdraw,
        name="pathway_consent_withdraw",
    ),
    path("pathways/<int:pk>/police-certificate/", views.police_certificate, name="pathway_police_certificate"),
]
