from django.urls import path

from . import views
from .base import build_api

api = build_api()

urlpatterns = [
    path("api/v1/docs", views.docs, name="api_docs"),
    path("api/v1/", api.urls),
    path("accounts/tokens/", views.tokens, name="api_tokens"),
    path("accounts/tokens/<int:pk>/revoke", views.token_revoke, name="api_token_revoke"),
]
