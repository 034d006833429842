from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("<int:page_id>/useful/", views.useful, name="useful"),
    path("<int:page_id>/reused/", views.reused, name="reused"),
    path("<int:page_id>/question/", views.question, name="question"),
]
