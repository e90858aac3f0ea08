"""Checks of uploaded files, shared by every phase (issue 8 item 5): a file's type is judged by its first bytes
(its magic number) as well as its name, so a program renamed `certificate.pdf` is refused, and its size is
capped. Forms call `upload_problems` in `clean_<field>` so the message sits beside the field; services call
`check_upload`, which raises a ValidationError naming the field.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator

HEAD_BYTES = 8192

# The leading bytes of each type (a file may match any of its type's signatures).
SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),  # OLE2 compound file (Word 97-2003)
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
}
# Office Open XML and OpenDocument files are zip archives: the entry that says which kind of document they are.
ZIP_MEMBERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml", "odt": "mimetype"}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# What a text file (CSV) must not start with: the signatures of the binary types above, and executables.
BINARY_STARTS = (*{s for sigs in SIGNATURES.values() for s in sigs}, b"MZ", b"\x7fELF", b"\x1f\x8b")

LABELS = {
    "pdf": "PDF",
    "png": "PNG image",
    "jpg": "JPEG image",
    "jpeg": "JPEG image",
    "doc": "Word",
    "docx": "Word",
    "odt": "OpenDocument text",
    "xlsx": "Excel",
    "csv": "CSV",
}


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _read_head(upload) -> bytes:
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def _zip_holds(upload, kind: str) -> bool:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            member = ZIP_MEMBERS[kind]
            if member not in archive.namelist():
                return False
            if kind == "odt":
                return archive.read(member).strip() == ODT_MIMETYPE
            return True
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return False
    finally:
        upload.seek(0)


def content_matches(upload, kind: str) -> bool:
    """Whether the file's content is what its extension says."""
    head = _read_head(upload)
    if kind == "csv":
        return b"\x00" not in head and not head.startswith(BINARY_STARTS)
    if not head.startswith(SIGNATURES.get(kind, ())):
        return False
    return _zip_holds(upload, kind) if kind in ZIP_MEMBERS else True


def _choices(allowed: Iterable[str]) -> str:
    names = sorted({LABELS.get(kind, kind.upper()) for kind in allowed})
    return ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]


def upload_problems(upload, *, allowed: Iterable[str], max_bytes: int) -> list[str]:
    """What is wrong with an uploaded file, in words a person can act on (empty when nothing is)."""
    allowed = [kind.lower() for kind in allowed]
    if upload.size > max_bytes:
        size, limit = upload.size / (1024 * 1024), max_bytes / (1024 * 1024)
        return [f"The file is {size:.1f} MB: choose one of {limit:g} MB at most."]
    try:  # Django's own check and message: "File extension “exe” is not allowed. Allowed extensions are: ..."
        FileExtensionValidator(allowed)(upload)
    except ValidationError as error:
        return list(error.messages)
    kind = extension(upload.name or "")
    if not content_matches(upload, kind):
        return [
            f"This file is not really a {LABELS.get(kind, kind.upper())} file, whatever its name says: "
            f"save it again as {_choices(allowed)} and attach that."
        ]
    return []


def check_upload(upload, *, field: str, allowed: Iterable[str], max_bytes: int) -> None:
    """Raise a ValidationError on `field` when the uploaded file is too large or not of an allowed type."""
    problems = upload_problems(upload, allowed=allowed, max_bytes=max_bytes)
    if problems:
        raise ValidationError({field: problems})
