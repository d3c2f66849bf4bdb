"""The kinds of source content may cite, told from a source's web address (issue 27).

Facts about a product come from its FDA label or Medication Guide; other facts from
the FDA, NCI and NIH, or a peer-reviewed journal; a manufacturer's patient page or a
support programme's own page only for practical matters (what happens on the day, who
helps with travel and lodging). Blogs, encyclopedias, stock news, aggregators and copies
of labels are none of these, so `source_kind` answers None for them.

A center that cites its own pages lists their hosts in settings.JOURNEYS_CENTER_HOSTS.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext_lazy as _

LABEL = "label"
REGULATOR = "regulator"
NIH = "nih"
JOURNAL = "journal"
CENTER = "center"
MANUFACTURER = "manufacturer"
SUPPORT = "support"

#: In the order /about/ lists them.
KIND_NAMES = {
    LABEL: _("FDA drug labels and Medication Guides"),
    REGULATOR: _("Other pages of the FDA and the European Commission"),
    NIH: _("The National Cancer Institute and the National Institutes of Health"),
    JOURNAL: _("Medical journals that experts review before they publish"),
    CENTER: _("Your treatment center's own pages"),
    MANUFACTURER: _("Drug makers' pages for patients, only for practical matters"),
    SUPPORT: _("Cancer charities' and support programs' own pages, only for practical matters"),
}

# Hosts are matched as the host itself or any host under it ("fda.gov" covers
# "www.fda.gov"). Label hosts are checked before the wider FDA host.
_HOSTS = {
    LABEL: ["dailymed.nlm.nih.gov", "accessdata.fda.gov", "api.fda.gov"],
    REGULATOR: ["fda.gov", "ec.europa.eu", "ema.europa.eu"],
    NIH: ["cancer.gov", "nih.gov", "medlineplus.gov"],
    JOURNAL: [
        "ashpublications.org",  # Blood, Blood Advances (American Society of Hematology)
        "ashpublications.com",
        "ashpublications.net",
        "nature.com",  # Bone Marrow Transplantation, Scientific Reports
        "biomedcentral.com",  # Experimental Hematology & Oncology
        "haematologica.org",
        "nejm.org",
        "thelancet.com",
        "jamanetwork.com",
        "ascopubs.org",
        "astctjournal.org",  # Transplantation and Cellular Therapy
        "academic.oup.com",  # J Infect Dis, Open Forum Infect Dis
    ],
    MANUFACTURER: [
        "yescarta.com",
        "tecartus.com",
        "explorecarttherapy.com",  # Kite
        "kymriah.com",
        "breyanzi.com",
        "abecma.com",
        "celltherapy360.com",  # Bristol Myers Squibb
        "carvykti.com",
        "aucatzyl.com",
    ],
    SUPPORT: [
        "lls.org",  # Blood Cancer United (was The Leukemia & Lymphoma Society)
        "cancer.org",  # American Cancer Society, Hope Lodge
        "bmtinfonet.org",
    ],
}

_HCP = re.compile(r"(^|\.)(hcp\.|[a-z]+hcp\.com$)")


def _under(host, domain):
    return host == domain or host.endswith("." + domain)


def source_kind(url):
    """The kind of source at `url`, or None when it is not a kind content may cite."""
    host = (urlsplit(url or "").hostname or "").lower()
    if not host:
        return None
    if any(_under(host, h) for h in getattr(settings, "JOURNEYS_CENTER_HOSTS", ())):
        return CENTER
    for kind, domains in _HOSTS.items():
        if any(_under(host, d) for d in domains):
            # A prescriber (HCP) site is not a patient page.
            if kind == MANUFACTURER and _HCP.search(host):
                return None
            return kind
    return None


#: A label source names the part it cites in its title, e.g. "Section 2.2" or
#: "Boxed Warning" or "Medication Guide".
LABEL_SECTION_RE = re.compile(
    r"\b(Section \d+(\.\d+)*|Boxed Warning|Medication Guide|Highlights)\b", re.I
)


def names_label_section(title):
    return bool(LABEL_SECTION_RE.search(title or ""))
