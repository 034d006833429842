from django.urls import path

from . import admin_views, views

urlpatterns = [
    path("", views.search, name="search"),
    path("go/<int:log_id>/<int:page_id>/<int:position>/", admin_views.follow_click, name="search_click"),
]
api_urlpatterns = [
    path("", views.search_api, name="search_api"),
    path("suggest/", views.suggest_api, name="search_suggest"),
]
