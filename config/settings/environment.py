"""Reading deployment values from the environment: the helpers every settings module uses."""

import os


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_mapping(name):
    """'a=b,c=d' (or a JSON object) from the environment as a dict."""
    import json

    value = os.environ.get(name, "").strip()
    if value.startswith("{"):
        return json.loads(value)
    return dict(item.split("=", 1) for item in env_list(name) if "=" in item)
