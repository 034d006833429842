from django.urls import path

from . import views

app_name = "subscriptions"
urlpatterns = [
    path("", views.manage, name="manage"),
    path("follow/", views.follow_view, name="follow"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
