from django.apps import AppConfig


class A11yConfig(AppConfig):
    name = "a11y"
    verbose_name = "Accessibility"
