from django.urls import path

from . import views

urlpatterns = [
    path("pathways/<int:pk>/contract/", views.contract_detail, name="contract_detail"),
    path("pathways/<int:pk>/contract/new/", views.contract_create, name="contract_create"),
    path("pathways/<int:pk>/contract/edit/", views.contract_edit, name="contract_edit"),
    path("pathways/<int:pk>/contract/submit/", views.contract_submit, name="contract_submit"),
    path("pathways/<int:pk>/contract/interruptions/new/", views.interruption_start, name="interruption_start"),
    path(
        "pathways/<int:pk>/contract/interruptions/<int:interruption_pk>/end/",
        views.interruption_end,
        name="interruption_end",
    ),
    path(
        "pathways/<int:pk>/contract/interruptions/<int:interruption_pk>/reported/",
        views.interruption_report,
        name="interruption_report",
    ),
    path("pathways/<int:pk>/contract/change/", views.change_request, name="contract_change"),
    path("pathways/<int:pk>/contract/terminate/", views.terminate, name="contract_terminate"),
    path("pathways/<int:pk>/contract/cancellation/", views.cancellation_request, name="contract_cancellation"),
    path("pathways/<int:pk>/contract/agreement/", views.agreement, name="contract_agreement"),
    path("pathways/<int:pk>/contract/attest/", views.attest, name="contract_attest"),
    path("pathways/<int:pk>/contract/attest/issue/", views.attest_issue, name="contract_attest_issue"),
    path("pathways/<int:pk>/contract/application.pdf", views.contract_application_pdf, name="contract_application_pdf"),
    path("pathways/<int:pk>/contract/attest.pdf", views.contract_attest_pdf, name="contract_attest_pdf"),
    path("county/", views.county_inbox, name="county_inbox"),
    path("county/settings/", views.county_settings, name="county_settings"),
    path("county/<int:pk>/", views.county_submission, name="county_submission"),
    path("county/<int:pk>/documents/<int:document_pk>/", views.county_document, name="county_document"),
]
