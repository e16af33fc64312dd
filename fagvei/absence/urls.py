from django.urls import path

from . import views

urlpatterns = [
    path("pathways/<int:pk>/absence/", views.pathway_absence, name="pathway_absence"),
    path("pathways/<int:pk>/absence/new/", views.pathway_absence_new, name="pathway_absence_new"),
    path("absences/<int:pk>/edit/", views.absence_edit, name="absence_edit"),
    path("absences/<int:pk>/delete/", views.absence_delete, name="absence_delete"),
]
