from django.urls import path

from . import views

urlpatterns = [
    path("pathways/<int:pk>/equipment/", views.pathway_equipment, name="pathway_equipment"),
    path("pathways/<int:pk>/equipment/new/", views.pathway_equipment_new, name="pathway_equipment_new"),
    path("loans/<int:pk>/return/", views.loan_return, name="loan_return"),
]
