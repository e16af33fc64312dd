from django.contrib import admin

from .models import Trade


@admin.register(Trade)
class TradeAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "requires_police_certificate",
        "written_exam_rule",
        "written_exam",
        "final_test",
        "norwegian_target",
    ]
