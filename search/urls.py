from django.urls import path

from . import views

urlpatterns = [path("", views.search, name="search")]
api_urlpatterns = [path("", views.search_api, name="search_api")]
