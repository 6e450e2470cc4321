from django.apps import AppConfig
from django.db.models.signals import post_migrate


class WorkoutsConfig(AppConfig):
    name = "workouts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from workouts import dbstats

        # Statistics fresh after migrations (issue 15): one handler, after the last app's.
        post_migrate.connect(dbstats.after_migrate, sender=self, dispatch_uid="workouts-analyze")
