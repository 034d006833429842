"""Who does what in the journeys, in one place.

Until the roles work (Contributors / Editors / Administrators with a Moderation workflow)
lands, contributors are a group made here with add and edit rights on the experience index,
and editors are Wagtail's default "Moderators", the group behind its default
"Moderators approval" workflow. Switching to the real roles means changing these names and
deleting the group set-up in e2e/prepare.py.
"""

CONTRIBUTOR_GROUP = "E2E contributors"
EDITOR_GROUP = "Moderators"

CONTRIBUTOR = {"username": "e2e-contributor", "password": "e2e-contributor-pw-4711"}
EDITOR = {"username": "e2e-editor", "password": "e2e-editor-pw-4711"}
