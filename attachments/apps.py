from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "attachments"
    verbose_name = "Attachments"

    def ready(self):
        from . import personal_data, queue

        queue.connect()
        personal_data.register(self)
