"""Documents attached to a pathway: uploads kept as files outside ``static/`` under a
random name, with the facts about them as a row (DOMAIN.md "Privacy": documents in a case
are personal data)."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

# The types an upload may have, read from its content (fagvei/documents/uploads.py), and
# the file name endings that go with each.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "application/pdf": (".pdf",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (".docx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
}


KB = 1024
MB = 1024 * 1024


def human_size(size: int) -> str:
    """A size as a person reads it: "840 kB", "2,4 MB" (the language's decimal mark)."""
    if size >= MB:
        megabytes = size / MB
        return f"{formats.number_format(megabytes, 0 if megabytes.is_integer() else 1)} MB"
    if size >= KB:
        return f"{formats.number_format(round(size / KB))} kB"
    return ngettext("%(size)d byte", "%(size)d bytes", size) % {"size": size}


class DocumentKind(models.TextChoices):
    # DOMAIN.md, starting: the county application needs the CV, references, the
    # employment contract, the competence assessment and the internal training plan.
    CV = "cv", _("CV")
    ATTEST = "attest", _("Reference (attest)")
    EDUCATION = "education", _("Diploma or other proof of education")
    EMPLOYMENT_CONTRACT = "employment_contract", _("Employment contract")
    COMPETENCE_ASSESSMENT = "competence_assessment", _("Competence assessment")
    TRAINING_PLAN = "training_plan", _("Internal training plan")
    SIGNED_CONTRACT = "signed_contract", _("Signed training contract")
    SIGNED_AGREEMENT = "signed_agreement", _("Signed agreement")
    CONSENT_FORM = "consent_form", _("Consent form")
    # seed 004: the follow-up plan signed by the parties, scanned (concerns).
    SIGNED_PLAN = "signed_plan", _("Signed follow-up plan")
    OTHER = "other", _("Other document")


class Document(models.Model):
    Kind = DocumentKind

    pathway = models.ForeignKey(
        "pathways.Pathway", on_delete=models.PROTECT, related_name="documents", verbose_name=_("pathway")
    )
    kind = models.CharField(_("kind of document"), max_length=32, choices=Kind.choices)
    title = models.CharField(_("description"), max_length=200, blank=True)
    # The name the file had on the client, cleaned (uploads.clean_name): shown, and given
    # back as the download's name. Never a path: the file is kept under ``stored_name``.
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    # A random name (a UUID) under FAGVEI_DOCUMENT_ROOT; kept after deletion, when the
    # file itself is gone.
    stored_name = models.CharField(max_length=64, unique=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded"))
    # A deleted document keeps its row (who uploaded what, when, and who deleted it: the
    # audit trail); its content is removed from the disk.
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("deleted by"),
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["pathway", "kind"], name="document_pathway_kind")]
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=DocumentKind.values), name="document_kind_valid"),
            # An empty file is refused (uploads.py); the database holds to it too.
            models.CheckConstraint(condition=models.Q(size__gt=0), name="document_size_positive"),
            models.CheckConstraint(
                condition=models.Q(deleted_at__isnull=True, deleted_by__isnull=True)
                | models.Q(deleted_at__isnull=False, deleted_by__isnull=False),
                name="document_deleted_with_who",
            ),
            models.CheckConstraint(condition=models.Q(content_type__in=list(EXTENSIONS)), name="document_type_allowed"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title or self.original_name}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def size_display(self) -> str:
        return human_size(self.size)

    @property
    def download_name(self) -> str:
        """The name the file is given back under: the client's name, with an ending that
        fits the type read from the content (a PNG sent as "cv.docx" comes back as
        "cv.png", so the reader's computer opens it with the right program)."""
        endings = EXTENSIONS.get(self.content_type, ())
        name = PurePosixPath(self.original_name)
        if not endings or name.suffix.lower() in endings:
            return self.original_name
        return f"{name.stem if name.suffix else name.name}{endings[0]}"
