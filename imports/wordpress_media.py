"""Pictures and documents a WordPress export names, found on this machine or reported.

Erfa never downloads from the internet during an import. A file is read when it lies next
to the export (at the path its URL has, under ``uploads/``, or by its file name) or when the
export names it with a ``file://`` URL; anything else is reported so the person importing
can put the file beside the export and run the import again. Files pass the same checks as
an upload in the admin (``security.uploads``), and a file already in Erfa (same content) is
reused, so a re-import adds no copies.
"""

import hashlib
import re
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.core.files import File

from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from security.uploads import content_matches_extension, image_decodes

# WordPress serves resized copies as name-300x200.jpg; the original is name.jpg.
RESIZED = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
NOT_FETCHED = (
    "was not fetched: Erfa does not download from the internet during an import. Put the file next to "
    "the export (by its file name, or at the path in its address) and import again."
)


def _extension(path):
    return Path(path).suffix.lower().lstrip(".")


class Media:
    def __init__(self, base_dir, dry_run=False):
        self.base_dir = Path(base_dir).resolve()
        self.dry_run = dry_run
        self.images, self.documents = {}, {}  # local path -> object (or None: refused)
        self.problems = []  # sentences for the report, each once

    def report(self, message):
        if message not in self.problems:
            self.problems.append(message)

    def locate(self, url):
        """The local file ``url`` names, or None."""
        url = (url or "").strip()
        if not url:
            return None
        parsed = urlparse(url)
        if parsed.scheme == "file":
            candidates = [Path(unquote(parsed.path))]
        elif parsed.scheme in ("http", "https", ""):
            path = unquote(parsed.path).lstrip("/")
            candidates = [self.base_dir / path]
            if "uploads/" in path:
                candidates.append(self.base_dir / "uploads" / path.split("uploads/", 1)[1])
            candidates.append(self.base_dir / Path(path).name)
        else:
            return None
        for candidate in candidates:
            try:
                resolved = candidate.resolve()
            except (OSError, RuntimeError):
                continue
            # A relative path or an address never leaves the export's folder; a file:// URL is the
            # importer's own choice, limited to the file types Erfa accepts anyway.
            inside = parsed.scheme == "file" or resolved.is_relative_to(self.base_dir)
            if inside and resolved.is_file():
                return resolved
        return None

    def available(self, url):
        return self.locate(url) is not None or self.locate(RESIZED.sub("", url or "")) is not None

    def not_found_message(self, url, what):
        scheme = urlparse(url or "").scheme
        if scheme in ("http", "https"):
            return f"{what}: {url[:200]} {NOT_FETCHED}"
        return f"{what}: {url[:200]} was not found next to the export."

    def image(self, url, title=""):
        path = self.locate(url) or self.locate(RESIZED.sub("", url or ""))
        if path is None or _extension(path) not in settings.WAGTAILIMAGES_EXTENSIONS:
            return None
        if path not in self.images:
            self.images[path] = self._store(get_image_model(), path, title, image=True)
        return self.images[path]

    def document(self, url, title=""):
        path = self.locate(url)
        if path is None or _extension(path) not in settings.WAGTAILDOCS_EXTENSIONS:
            return None
        if path not in self.documents:
            self.documents[path] = self._store(get_document_model(), path, title, image=False)
        return self.documents[path]

    def _store(self, model, path, title, image):
        with path.open("rb") as handle:
            upload = File(handle, name=path.name)
            ok = image_decodes(upload) if image else content_matches_extension(upload)
            if not ok:
                self.report(f"The file {path.name} does not hold what its extension says; it was not imported.")
                return None
            digest = hashlib.sha1(handle.read(), usedforsecurity=False).hexdigest()  # Wagtail's file_hash
            existing = model.objects.filter(file_hash=digest).first()
            if existing is not None:
                return existing
            obj = model(title=(title or path.stem)[:255])
            if self.dry_run:
                # Nothing is written to the media folder in a dry run; the row is rolled back.
                obj.file.name = f"dry-run/{path.name}"
                if image:
                    obj.width = obj.height = 1
                obj.file_hash = digest
                obj.save()
                return obj
            handle.seek(0)
            obj.file = File(handle, name=path.name)
            if image:
                obj._set_image_file_metadata()
            else:
                obj._set_document_file_metadata()
            obj.save()
            return obj
