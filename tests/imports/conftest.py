"""What the import tests share: the command run as from a terminal, and the pages it imports into."""

import pytest

from django.core.management import call_command
from django.core.management.base import CommandError


def run_import(path, capsys, *args):
    """Run ``import_content`` on ``path``: (exit code, stdout, stderr)."""
    try:
        call_command("import_content", str(path), *args)
        code = 0
    except CommandError as error:
        code = error.returncode
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def indexes(experience_index, wiki_index):
    return experience_index, wiki_index
