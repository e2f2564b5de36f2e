"""Django's admin app, on the site of dhrqa/admin_site.py. Apart from it: INSTALLED_APPS loads this before any model."""

from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    default_site = "dhrqa.admin_site.SuperuserAdminSite"
