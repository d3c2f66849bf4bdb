"""The staff login and staff sessions: throttled per address, locked per address, short.

- Before a password is checked, one address may POST the login form at most
  settings.ADMIN_LOGIN_RATE times (django-ratelimit, counted in the shared cache): each
  failed check costs real CPU (the password hash), and spraying usernames once
  saturated both workers.
- django-axes locks a username + address pair after AXES_FAILURE_LIMIT failures, and
  (AddressLockoutHandler) an address alone after AXES_ADDRESS_FAILURE_LIMIT failures
  across any usernames.
- A staff session ends after STAFF_SESSION_IDLE_SECONDS without a request and after
  STAFF_SESSION_MAX_SECONDS however busy (StaffSessionMiddleware). Patients' sessions
  keep SESSION_COOKIE_AGE.
"""

import time

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.contrib.auth import logout
from django.db.models import Sum
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from journeys.ratelimits import client_address

#: Session keys of a staff session: when it began, and when it was last used (epoch s).
STAFF_SINCE = "staff_since"
STAFF_SEEN = "staff_seen"


def login_throttled(request):
    """True (and counted) when this address has POSTed the login form too often."""
    if request.method != "POST":
        return False
    return is_ratelimited(
        request,
        group="admin-login",
        key=client_address,
        rate=lambda group, request: settings.ADMIN_LOGIN_RATE,
        method="POST",
        increment=True,
    )


def throttled_response(request):
    from journeys.views.common import problem

    response = problem(
        request,
        _(
            "Too many logins were tried from this connection in a short time. "
            "Wait a minute and try again."
        ),
        status=429,
        title=_("Too many login attempts"),
    )
    response["Retry-After"] = "60"
    return response


class AddressLockoutHandler(AxesDatabaseHandler):
    """axes' database handler, with its own limit for the address-only lockout list.

    axes compares one number (the most failures of any AXES_LOCKOUT_PARAMETERS list) with
    one limit. An address alone is scaled so that it reaches AXES_FAILURE_LIMIT exactly
    when it reaches AXES_ADDRESS_FAILURE_LIMIT: five wrong passwords lock a user on an
    address, twenty across any usernames lock the address.
    """

    def get_failures(self, request, credentials=None):
        limit = get_failure_limit(request, credentials)
        address_limit = max(1, settings.AXES_ADDRESS_FAILURE_LIMIT)
        lists = get_lockout_parameters(request, credentials)
        worst = 0
        attempts_list = self.get_user_attempts(request, credentials)
        for parameters, attempts in zip(lists, attempts_list, strict=True):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameters in ("ip_address", ["ip_address"]):
                count = count * limit // address_limit
            worst = max(worst, count)
        return worst


class StaffSessionMiddleware:
    """Ends a staff member's session after 2 hours idle or 12 hours in all (settings)."""

    #: A session is written at most this often just to say it is still in use.
    TOUCH_EVERY = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            self._check(request)
        return self.get_response(request)

    def _check(self, request):
        session = request.session
        now = int(time.time())
        since = session.get(STAFF_SINCE)
        seen = session.get(STAFF_SEEN, since)
        idle, most = settings.STAFF_SESSION_IDLE_SECONDS, settings.STAFF_SESSION_MAX_SECONDS
        if since is None:
            since = seen = now
            session[STAFF_SINCE] = now
        elif now - since >= most or now - seen >= idle:
            logout(request)  # the session is flushed; the admin asks for a login again
            return
        if since == now or now - seen >= self.TOUCH_EVERY:
            session[STAFF_SEEN] = now
            session.set_expiry(max(1, min(idle, most - (now - since))))


def staff_logged_in(sender, request, user, **kwargs):
    """user_logged_in: a staff login starts a new staff session clock, from now."""
    if request is None or not hasattr(request, "session"):
        return
    request.session.pop(STAFF_SINCE, None)
    request.session.pop(STAFF_SEEN, None)
    if user.is_staff:
        now = int(time.time())
        request.session[STAFF_SINCE] = request.session[STAFF_SEEN] = now
        request.session.set_expiry(
            min(settings.STAFF_SESSION_IDLE_SECONDS, settings.STAFF_SESSION_MAX_SECONDS)
        )
