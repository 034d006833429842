import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_public_media_grants"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ExternalIdentity",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("provider", models.CharField(max_length=40, verbose_name="identity provider")),
                ("subject", models.CharField(max_length=255, verbose_name="subject at the provider")),
                ("organisation", models.CharField(blank=True, max_length=255, verbose_name="organisation claim")),
                ("created", models.DateTimeField(auto_now_add=True, verbose_name="first sign-in")),
                ("last_sign_in", models.DateTimeField(auto_now=True, verbose_name="last sign-in")),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="external_identities",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "external identity",
                "verbose_name_plural": "external identities",
                "constraints": [
                    models.UniqueConstraint(fields=("provider", "subject"), name="unique_external_identity")
                ],
            },
        ),
    ]
