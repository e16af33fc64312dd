from django.urls import path

from . import views

urlpatterns = [
    path("exams/", views.exam_overview, name="exam_overview"),
    path("exams/entries/<int:pk>/<slug:name>/", views.exam_step, name="exam_step"),
    path("pathways/<int:pk>/exams/", views.pathway_exams, name="pathway_exams"),
    path("pathways/<int:pk>/exams/recommend/", views.exam_recommend, name="exam_recommend"),
    path("pathways/<int:pk>/exams/deltakerbevis.pdf", views.exam_certificate_pdf, name="exam_certificate_pdf"),
]
