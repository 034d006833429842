from django.apps import AppConfig


class AttachmentsConfig(AppConfig):
    name = "attachments"
    verbose_name = "Attachments"

    def ready(self):
        from core import personal_data

        from . import queue

        queue.connect()
        # Extracted text is the document's content: a name in a file is walked and erased like
        # a name in any other text.
        personal_data.register_models(*self.get_models())
