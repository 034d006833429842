from django.urls import path

from . import views

app_name = "subscriptions"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("follow/", views.follow_view, name="follow"),
    path("searches/", views.save_search, name="save_search"),
    path("searches/<int:pk>/delete/", views.delete_saved_search, name="delete_saved_search"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
