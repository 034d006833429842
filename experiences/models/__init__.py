"""Experience reports and the reference data they are typed with.

``snippets`` holds the editor-managed reference data (regions, municipalities,
networks, topics, national solutions); ``pages`` holds the report and its index.
"""

from .pages import (
    EFFORT_BANDS,
    STATUSES,
    ExperienceAttachment,
    ExperienceIndexPage,
    ExperiencePage,
    ExperiencePageTag,
    RelatedExperience,
)
from .snippets import Municipality, NationalSolution, Network, Region, Topic

__all__ = [
    "EFFORT_BANDS",
    "STATUSES",
    "ExperienceAttachment",
    "ExperienceIndexPage",
    "ExperiencePage",
    "ExperiencePageTag",
    "Municipality",
    "NationalSolution",
    "Network",
    "Region",
    "RelatedExperience",
    "Topic",
]
