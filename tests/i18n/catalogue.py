"""Read gettext .po catalogues as the translators wrote them (not the compiled .mo, which may lag).

A small reader rather than a dependency: tests only need msgid, plural and msgstr forms, and
whether an entry is fuzzy (gettext ignores fuzzy entries, so do we).
"""

import ast
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str = ""
    context: str = ""
    msgstr: list = field(default_factory=list)
    fuzzy: bool = False

    @property
    def translated(self):
        return not self.fuzzy and bool(self.msgid) and bool(self.msgstr) and all(self.msgstr)


def _unquote(text):
    return ast.literal_eval(text) if text.startswith('"') else ""


def read_po(path):
    """Every entry of the .po file at ``path``, in file order (the header entry left out)."""
    entries, entry, target, fuzzy = [], None, None, False

    def finish():
        if entry is not None and entry.msgid:
            entries.append(entry)

    for raw in Path(path).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
            continue
        if not line or line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            value = _unquote(line)
            if target == "msgstr":
                entry.msgstr[-1] += value
            else:
                setattr(entry, target, getattr(entry, target) + value)
        elif keyword == "msgctxt":
            finish()
            entry, target = Entry(context=_unquote(rest), fuzzy=fuzzy), "context"
            fuzzy = False
        elif keyword == "msgid":
            if entry is None or target != "context":
                finish()
                entry = Entry(fuzzy=fuzzy)
                fuzzy = False
            entry.msgid, target = _unquote(rest), "msgid"
        elif keyword == "msgid_plural":
            entry.msgid_plural, target = _unquote(rest), "msgid_plural"
        elif keyword.startswith("msgstr"):
            entry.msgstr.append(_unquote(rest))
            target = "msgstr"
    finish()
    return entries


def project_catalogue(language, domain="django"):
    return read_po(ROOT / "locale" / language / "LC_MESSAGES" / f"{domain}.po")
