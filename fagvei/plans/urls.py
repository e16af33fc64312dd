from django.urls import path

from . import views

urlpatterns = [
    path("pathways/<int:pk>/plan/", views.plan_page, name="plan_detail"),
    path("pathways/<int:pk>/plan/comments/", views.plan_comment_add, name="plan_comment_add"),
    path("pathways/<int:pk>/plan/goals/<int:gid>/", views.plan_goal_edit, name="plan_goal_edit"),
    path("pathways/<int:pk>/plan.pdf", views.plan_pdf, name="plan_pdf"),
    path("pathways/<int:pk>/assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/step/<slug:name>/", views.assessment_transition, name="assessment_transition"),
    path("assessments/<int:pk>/assessment.pdf", views.assessment_pdf, name="assessment_pdf"),
]
