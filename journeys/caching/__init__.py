"""The one caching mechanism: the only code that talks to Django's cache framework or
keeps anything in a process between requests (issue 26).

Everything cached is published content, keyed by the content version: one row that every
content write bumps in the same transaction, so an edit shows at once on every process
and every host. Django's cache (`CACHES["default"]`: Redis when `CACHE_URL` is set, the
process's own memory otherwise) holds it, so one Redis serves every host.

- `version.py` — the content version (`content_changed`, `one_version_bump`,
  `current_version`) and the per-request scope that reads it once.
- `content.py` — `content(key, make)`: a value made from published content, kept in
  Django's cache under the version, with a per-process layer in front of it bounded in
  bytes and dropped when the version moves.
- `pages.py` — whole pages (`cached_page`) and template fragments (`{% kept %}`), keyed
  by the same closed set of request values; the one placeholder ("hole") scheme that
  lets a cached page carry each visitor's own CSP nonce and CSRF token.
- `statements.py` — `Statement`: a query the ORM builds once per process and shape (SQL
  text and converters, never a row), run with each page's ids: the stage page's and
  search's UNIONs, the products, stages, care center and glossary forms.

Nothing of a patient's journey is ever cached: a request that shows anything of the
visitor's own (`pages.personal`) is rendered afresh, and selectors never key on a journey.
The one part of such a page that is kept is what every page shows alike (`{% kept
sitewide %}`: the head's scripts, the header's menu, the footer's notice and phone lines),
which holds nothing of a visitor nor of the page (`pages.sitewide_fragment`).
Lower layers (selectors, search, seeds) import `version`, `content` and `statements`
only, never `pages`.
"""
