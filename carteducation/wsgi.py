import gc
import os
from importlib import import_module

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carteducation.settings")
application = get_wsgi_application()

# What loading Django and the site's views makes (~86,000 objects: modules, models,
# URL patterns) lives as long as the process: moved out of the collector's generations,
# a full collection no longer walks it on a request that triggers one (the daily log
# page: ~15% more requests/s under bench/load.py). Objects made later are collected as
# before.
import_module(settings.ROOT_URLCONF)
gc.freeze()
