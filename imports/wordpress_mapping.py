"""The mapping file of ``import_wordpress``: what each WordPress category becomes.

JSON or YAML (by the file's extension), for example::

    default:                      # posts in no mapped category (optional)
      type: news
      network: DiguT
    pages:                        # WordPress pages, as opposed to posts (optional)
      type: guide
    categories:
      "SvarUt":                   # a category's name or its slug (nicename)
        type: experience
        municipalities: [Malvik]
        network: DiguT
        language: nb
      "esamverkan":
        type: news
        network: eSamverkan Västernorrland
        language: sv

A post takes the first of its categories that the mapping names; ``type`` is ``news``,
``experience`` or ``guide``. Everything in the file is checked before anything is imported.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from core.languages import CONTENT_LANGUAGE_CODES

TYPES = ("news", "experience", "guide")
KEYS = {"type", "network", "municipalities", "language"}


class MappingError(ValueError):
    """The mapping file cannot be used; nothing was imported."""


@dataclass(frozen=True)
class Rule:
    type: str = "news"
    network: str = ""
    municipalities: tuple = ()
    language: str = ""


@dataclass
class Mapping:
    default: Rule = Rule()
    pages: Rule | None = None
    categories: dict = None  # casefolded name or slug -> Rule

    def rule_for(self, item):
        if item.post_type == "page" and self.pages is not None:
            return self.pages
        for name, nicename in item.categories:
            for key in (name, nicename):
                rule = (self.categories or {}).get(key.casefold()) if key else None
                if rule is not None:
                    return rule
        return self.default


def _rule(value, where):
    if not isinstance(value, dict):
        raise MappingError(f"{where} must be a mapping of type, network, municipalities and language.")
    unknown = set(value) - KEYS
    if unknown:
        raise MappingError(f"{where} has unknown key(s): {', '.join(sorted(map(str, unknown)))}.")
    kind = value.get("type", "news")
    if kind not in TYPES:
        raise MappingError(f"{where}: type must be one of {', '.join(TYPES)}, not {str(kind)[:40]!r}.")
    language = value.get("language") or ""
    if language and language not in CONTENT_LANGUAGE_CODES:
        raise MappingError(f"{where}: language must be one of {', '.join(CONTENT_LANGUAGE_CODES)}.")
    network = value.get("network") or ""
    if not isinstance(network, str):
        raise MappingError(f"{where}: network must be a name.")
    municipalities = value.get("municipalities") or []
    if isinstance(municipalities, str):
        municipalities = [municipalities]
    if not isinstance(municipalities, list) or not all(isinstance(m, str) and m.strip() for m in municipalities):
        raise MappingError(f"{where}: municipalities must be a list of names.")
    if kind == "experience" and not municipalities:
        raise MappingError(f"{where}: an experience report belongs to a municipality; name at least one.")
    return Rule(kind, network.strip(), tuple(m.strip() for m in municipalities), language)


def parse_mapping(data):
    if data is None:
        return Mapping(categories={})
    if not isinstance(data, dict):
        raise MappingError("The mapping file must hold a mapping with “categories” (and optionally “default”).")
    unknown = set(data) - {"default", "pages", "categories"}
    if unknown:
        raise MappingError(f"Unknown top-level key(s): {', '.join(sorted(map(str, unknown)))}.")
    categories = data.get("categories") or {}
    if not isinstance(categories, dict):
        raise MappingError("“categories” must map category names to rules.")
    return Mapping(
        default=_rule(data["default"], "“default”") if "default" in data else Rule(),
        pages=_rule(data["pages"], "“pages”") if "pages" in data else None,
        categories={str(name).casefold(): _rule(rule, f"Category “{name}”") for name, rule in categories.items()},
    )


def load_mapping(path):
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"The mapping file cannot be read: {error}.") from None
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise MappingError(f"The mapping file is not valid YAML: {error}.") from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise MappingError(f"The mapping file is not valid JSON: {error.msg} (line {error.lineno}).") from None
    return parse_mapping(data)
