"""The staff admin: each room registers its own classes when imported (admin autodiscover
imports this module). Only published content has an admin: staff never see a patient's
journey or log. The site itself (header, /admin/review/) is journeys/admin_site.py.
"""

from journeys.content import admin  # noqa: F401 - importing registers the admin classes
