from django.urls import path

from . import views

urlpatterns = [
    path("pathways/<int:pk>/guidance/", views.pathway_guidance, name="pathway_guidance"),
    path("pathways/<int:pk>/visits/", views.pathway_visits, name="pathway_visits"),
    path("pathways/<int:pk>/language/", views.pathway_language, name="pathway_language"),
    path("visits/", views.visit_list, name="visit_list"),
]
