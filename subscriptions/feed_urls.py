"""/feeds/experiences/{rss,atom}/ and /feeds/<topic|tag|municipality|network|solution>/<slug>/{rss,atom}/"""

from django.urls import path

from .feeds import ExperienceAtomFeed, ExperienceRssFeed

app_name = "feeds"
urlpatterns = [
    path("experiences/rss/", ExperienceRssFeed(), name="rss"),
    path("experiences/atom/", ExperienceAtomFeed(), name="atom"),
    path("<str:kind>/<str:slug>/rss/", ExperienceRssFeed(), name="rss"),
    path("<str:kind>/<str:slug>/atom/", ExperienceAtomFeed(), name="atom"),
]
