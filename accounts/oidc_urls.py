from django.urls import path

from .oidc import ProviderCallbackView, ProviderLoginView

urlpatterns = [
    path("oidc/<slug:provider>/login/", ProviderLoginView.as_view(), name="oidc_login"),
    path("oidc/callback/", ProviderCallbackView.as_view(), name="oidc_callback"),
]
