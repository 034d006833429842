"""/feeds/experiences/{rss,atom}/, /feeds/<topic|tag|municipality|network|solution>/<slug>/{rss,atom}/,
/feeds/news/{rss,atom}/ and /feeds/news/network/<slug>/{rss,atom}/"""

from django.urls import path

from .feeds import ExperienceAtomFeed, ExperienceRssFeed, NewsAtomFeed, NewsRssFeed

app_name = "feeds"
urlpatterns = [
    path("experiences/rss/", ExperienceRssFeed(), name="rss"),
    path("experiences/atom/", ExperienceAtomFeed(), name="atom"),
    path("news/rss/", NewsRssFeed(), name="news_rss"),
    path("news/atom/", NewsAtomFeed(), name="news_atom"),
    path("news/network/<str:slug>/rss/", NewsRssFeed(), name="news_rss"),
    path("news/network/<str:slug>/atom/", NewsAtomFeed(), name="news_atom"),
    path("<str:kind>/<str:slug>/rss/", ExperienceRssFeed(), name="rss"),
    path("<str:kind>/<str:slug>/atom/", ExperienceAtomFeed(), name="atom"),
]
