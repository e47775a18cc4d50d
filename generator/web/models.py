"""What the workspace stores beside the YAML folder: roles, the verification workflow, the
saved versions, the build queue and the audit log. The data itself stays in the files."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    VERIFIKATOR = "verifikator", "Verifikator"
    OPERATOR = "operator", "Operator SKPD"
    PIMPINAN = "pimpinan", "Pimpinan"


class Profile(models.Model):
    """A user's role; an operator also has the SKPD assigned (`Assignment`)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, models.CASCADE, related_name="pkgen")
    role = models.CharField(max_length=20, choices=Role.choices)
    must_change_password = models.BooleanField(default=True)


class Assignment(models.Model):
    """An SKPD an operator works on: the pemda folder's id and the file's name."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="assignments")
    pemda = models.CharField(max_length=120)
    skpd = models.CharField(max_length=120)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "pemda", "skpd"], name="one_assignment")
        ]


class Status(models.TextChoices):
    DRAF = "draf", "Draf"
    DIAJUKAN = "diajukan", "Diajukan"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan"
    DISETUJUI = "disetujui", "Disetujui"


class SkpdRecord(models.Model):
    """The workflow state of one SKPD file and the version last approved."""

    pemda = models.CharField(max_length=120)
    skpd = models.CharField(max_length=120)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAF)
    approved = models.ForeignKey(
        "Version", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pemda", "skpd"], name="one_record")]


class Source(models.TextChoices):
    AWAL = "awal", "Versi awal"
    FORMULIR = "formulir", "Formulir"
    UNGGAHAN = "unggahan", "Unggahan lembar kerja"
    PERUBAHAN = "perubahan", "PK Perubahan dimulai"
    TEKS = "teks", "Teks data (YAML)"
    LUAR = "luar", "Diubah di luar ruang kerja"


class Version(models.Model):
    """One content of an SKPD file. `applied` is False for a save refused by a conflict:
    kept so nothing typed is lost, never written to the file."""

    pemda = models.CharField(max_length=120)
    skpd = models.CharField(max_length=120)
    number = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField()
    base_sha256 = models.CharField(max_length=64, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    summary = models.TextField(blank=True)
    applied = models.BooleanField(default=True)
    commit = models.CharField(max_length=40, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pemda", "skpd", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "skpd", "number"], name="one_number")
        ]


class Decision(models.TextChoices):
    DIAJUKAN = "diajukan", "Diajukan"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan"
    DISETUJUI = "disetujui", "Disetujui"
    DIBUKA = "dibuka", "Dibuka kembali"


class Review(models.Model):
    """A step of the verification workflow on one version."""

    pemda = models.CharField(max_length=120)
    skpd = models.CharField(max_length=120)
    version = models.ForeignKey(Version, models.PROTECT, related_name="reviews")
    decision = models.CharField(max_length=20, choices=Decision.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True)
    note = models.TextField(blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created", "id"]


class ReviewNote(models.Model):
    """A verifikator's note on one item (an indikator, a program, the identity)."""

    review = models.ForeignKey(Review, models.CASCADE, related_name="notes")
    item = models.CharField(max_length=60)
    label = models.CharField(max_length=500)
    note = models.TextField()


class JobKind(models.TextChoices):
    DRAF = "draf", "Draf SKPD"
    FINAL = "final", "Dokumen disetujui"
    BUKU = "buku", "Buku dan rekap"


class JobState(models.TextChoices):
    ANTRI = "antri", "Dalam antrean"
    BERJALAN = "berjalan", "Sedang dibuat"
    SELESAI = "selesai", "Selesai"
    GAGAL = "gagal", "Gagal"
    TERPUTUS = "terputus", "Terputus (server berhenti)"


class BuildJob(models.Model):
    """A build queued for the worker of the server process; its state survives a restart."""

    kind = models.CharField(max_length=10, choices=JobKind.choices)
    pemda = models.CharField(max_length=120)
    skpd = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=10, choices=JobState.choices, default=JobState.ANTRI)
    # Jobs someone waits for (1) before the warm-up of drafts at start (0).
    priority = models.SmallIntegerField(default=1)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True)
    data_sha256 = models.CharField(max_length=64, blank=True)
    phase = models.CharField(max_length=20, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    label = models.CharField(max_length=300, blank=True)
    message = models.TextField(blank=True)
    outcome = models.JSONField(default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created", "id"]
        indexes = [models.Index(fields=["state", "created"])]


class AuditEvent(models.Model):
    """Every change, build, login and refusal, with who and from where."""

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True)
    username = models.CharField(max_length=150, blank=True, db_index=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=40, db_index=True)
    pemda = models.CharField(max_length=120, blank=True)
    skpd = models.CharField(max_length=120, blank=True)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-id"]


class PendingUpload(models.Model):
    """A checked workbook waiting for "Simpan": the YAML it becomes and the version it was
    checked against."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    pemda = models.CharField(max_length=120)
    skpd = models.CharField(max_length=120)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE)
    filename = models.CharField(max_length=200)
    base_sha256 = models.CharField(max_length=64)
    text = models.TextField()
    created = models.DateTimeField(auto_now_add=True)
