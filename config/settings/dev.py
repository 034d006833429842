"""Local development: DEBUG on, a throwaway key, SQLite unless DATABASE_URL says otherwise."""

import os

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-do-not-deploy")
