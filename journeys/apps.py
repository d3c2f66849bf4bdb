from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class JourneysConfig(AppConfig):
    name = "journeys"
    verbose_name = _("CAR-T Journey content")

    def ready(self):
        # Signals have two jobs. Cache invalidation: every content write, from admin, the
        # seed loader or a shell, must make cached patient pages stale. And the staff
        # groups, made and kept to one table after every migrate (governance/groups.py).
        from journeys.caching.version import content_changed
        from journeys.content.governance.groups import staff_groups_synced
        from journeys.journey import checks  # noqa: F401 - registers the system checks
        from journeys.models import SeedTracked

        for model in self.get_models():
            if issubclass(model, SeedTracked):
                post_save.connect(content_changed, sender=model, dispatch_uid=f"cv-{model}")
                post_delete.connect(content_changed, sender=model, dispatch_uid=f"cvd-{model}")
                for field in model._meta.many_to_many:
                    m2m_changed.connect(
                        content_changed,
                        sender=field.remote_field.through,
                        dispatch_uid=f"cvm-{model}-{field.name}",
                    )

        post_migrate.connect(staff_groups_synced, sender=self, dispatch_uid="staff-groups")

        from django.contrib.auth.signals import user_logged_in

        from journeys.staff_login import staff_logged_in

        user_logged_in.connect(staff_logged_in, dispatch_uid="staff-session-clock")


class CartAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with our site class (journeys/admin_site.py)."""

    default = False  # named in INSTALLED_APPS; journeys itself uses JourneysConfig
    default_site = "journeys.admin_site.CartAdminSite"
