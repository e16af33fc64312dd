from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from fagvei.core import views

# The admin's own login form knows nothing of allauth's rate limits or MFA: send it to
# allauth's login, which redirects back once the user is fully signed in.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = admin.site.site_title = _("fagvei administration")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", include("fagvei.pathways.urls")),
    path("", include("fagvei.documents.urls")),
    path("", include("fagvei.contracts.urls")),
    path("", include("fagvei.followup.urls")),
    path("", include("fagvei.guidance.urls")),
    path("", include("fagvei.plans.urls")),
    path("", include("fagvei.absence.urls")),
    path("", include("fagvei.equipment.urls")),
    path("", include("fagvei.exams.urls")),
    path("", include("fagvei.concerns.urls")),
    path("", include("fagvei.deadlines.urls")),
    path("", include("fagvei.calendars.urls")),
    path("", include("fagvei.reminders.urls")),
    path("people/", include("fagvei.people.urls")),
    path("organisations/", include("fagvei.organisations.urls")),
    path("curricula/", include("fagvei.curricula.urls")),
    # The API and the user's access tokens (before allauth's accounts/).
    path("", include("fagvei.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
