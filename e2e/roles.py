"""Who does what in the journeys, in one place: the real roles from accounts.roles.

The contributor writes for one municipality (``CONTRIBUTOR_MUNICIPALITY``); the editor has no
network limit, so reviews for every municipality.
"""

from accounts.roles import CONTRIBUTORS as CONTRIBUTOR_GROUP
from accounts.roles import EDITORS as EDITOR_GROUP

__all__ = [
    "CONTRIBUTOR",
    "CONTRIBUTOR_GROUP",
    "CONTRIBUTOR_MUNICIPALITY",
    "EDITOR",
    "EDITOR_GROUP",
    "SWEDISH_CONTRIBUTOR",
    "SWEDISH_CONTRIBUTOR_MUNICIPALITY",
]

CONTRIBUTOR_MUNICIPALITY = "Malvik"

CONTRIBUTOR = {"username": "e2e-contributor", "password": "e2e-contributor-pw-4711"}
EDITOR = {"username": "e2e-editor", "password": "e2e-editor-pw-4711"}

# A contributor from a Swedish municipality whose admin language (Wagtail account preference) is Swedish.
SWEDISH_CONTRIBUTOR_MUNICIPALITY = "Sundsvall"
SWEDISH_CONTRIBUTOR = {"username": "e2e-bidragsgivare", "password": "e2e-bidragsgivare-pw-4711", "language": "sv"}
