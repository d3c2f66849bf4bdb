"""The staff admin's classes, registered on import (admin autodiscover imports this package).

- `governed`: what every governed admin shares (`GovernedAdmin`, filters, fieldsets).
- `content`: published content, the care center and sources, check questions and tallies.
- `translation`: translations.

The site itself (header, /admin/review/) is journeys/admin_site.py.
"""

from journeys.content.admin import content, translation  # noqa: F401 - importing registers the admin classes
