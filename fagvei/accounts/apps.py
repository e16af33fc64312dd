from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fagvei.accounts"
    label = "accounts"
    verbose_name = "Accounts"
