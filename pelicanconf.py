"""Development settings for Huurwijzer. publishconf.py imports these and overrides a few."""

import os


def _preview_port() -> int:
    """The port `make serve` and `make devserver` use; 8000 when unset or not a port."""
    value = os.environ.get("PORT", "").strip()  # `PORT=8001 make serve`; the Makefile exports it
    return int(value) if value.isdigit() and 0 < int(value) < 65536 else 8000


SITENAME = "Huurwijzer"
SITE_TAGLINE = "Hulp en nieuws voor huurders met geldzorgen"
# The preview's own address follows `PORT=… make serve`: feeds, sitemap, robots.txt and
# canonical links name the port the site is really served on.
SITEURL = f"http://localhost:{_preview_port()}"
AUTHOR = "Redactie Huurwijzer"
DEFAULT_LANG = "nl"
OG_LOCALE = "nl_NL"
TIMEZONE = "Europe/Amsterdam"

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
ARTICLE_EXCLUDES = []
PAGE_EXCLUDES = []
STATIC_PATHS = []
READERS = {"html": None, "rst": None}
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_PATH = "output"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["huurwijzer"]
JINJA_ENVIRONMENT = {
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
    "extensions": ["jinja2.ext.i18n"],  # gettext; plugins/huurwijzer/site/i18n.py installs it
}
FORMATTED_FIELDS = []
SUMMARY_MAX_LENGTH = 40

# Addresses (see PRODUCT.md's site map).
ARTICLE_URL = "nieuws/{date:%Y}/{slug}/"
ARTICLE_SAVE_AS = "nieuws/{date:%Y}/{slug}/index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = "{slug}/index.html"
# An article without `category` gets this one, never its folder's name ("articles", "en").
USE_FOLDER_AS_CATEGORY = False
DEFAULT_CATEGORY = "Algemeen"
CATEGORY_URL = "nieuws/categorie/{slug}/"
CATEGORY_SAVE_AS = "nieuws/categorie/{slug}/index.html"
TAG_URL = "nieuws/onderwerp/{slug}/"
TAG_SAVE_AS = "nieuws/onderwerp/{slug}/index.html"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAGS_SAVE_AS = ""
DRAFT_SAVE_AS = ""
DRAFT_PAGE_SAVE_AS = ""
DIRECT_TEMPLATES = ["home", "index", "archives", "search"]
SEARCH_SAVE_AS = "zoeken/index.html"
SEARCH_URL = "zoeken/"
HOME_SAVE_AS = "index.html"
HOME_URL = ""
INDEX_SAVE_AS = "nieuws/index.html"
INDEX_URL = "nieuws/"
ARCHIVES_SAVE_AS = "nieuws/archief/index.html"
ARCHIVES_URL = "nieuws/archief/"
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {"index": None, "category": None, "tag": None}
PAGINATION_PATTERNS = [
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/pagina/{number}/", "{base_name}/pagina/{number}/index.html"),
]
HOME_LATEST = 3

# Languages. Dutch (DEFAULT_LANG) is the source; every other language is built in the same
# run under its own prefix, its words from theme/translations/<lang>/LC_MESSAGES/messages.po,
# its articles and pages from files with `lang: <code>` (Pelican's translation model; a
# file with `translation_of: <Dutch slug>` is that page's translation). Each language
# names its own addresses, menu and footer here: a new language is settings, a catalog
# and content, not code.
ARTICLE_TRANSLATION_ID = "translation_key"  # slug, or the Dutch slug in translation_of
PAGE_TRANSLATION_ID = "translation_key"
ARTICLE_LANG_URL = "{lang}/news/{date:%Y}/{slug}/"
ARTICLE_LANG_SAVE_AS = "{lang}/news/{date:%Y}/{slug}/index.html"
PAGE_LANG_URL = "{lang}/{slug}/"
PAGE_LANG_SAVE_AS = "{lang}/{slug}/index.html"
LANGUAGES = {
    "nl": {
        "name": "Nederlands",
        "locale": "nl_NL",
        "HOME_URL": "",
        "INDEX_URL": "nieuws/",
        "ARCHIVES_URL": "nieuws/archief/",
        "SEARCH_URL": "zoeken/",
        "FEED_URL": "nieuws/feed.atom",
    },
    "en": {
        "name": "English",
        "locale": "en_GB",
        "SITE_TAGLINE": "Help and news for tenants with money worries",
        "HOME_URL": "en/",
        "INDEX_URL": "en/news/",
        "ARCHIVES_URL": "en/news/archive/",
        "SEARCH_URL": "en/search/",
        "FEED_URL": "en/news/feed.atom",
        "METHOD_URL": "en/method/",
        "LETTER_URL": "en/letter/",
        # the register's pages in English (settings.py names them; files are index.html)
        "CORPORATIONS_URL": "en/corporations/",
        "CORPORATION_URL": "en/corporations/{slug}/",
        "MUNICIPALITIES_URL": "en/municipalities/",
        "MUNICIPALITY_URL": "en/municipalities/{slug}/",
        "CORPORATION_LETTER_URL": "en/corporations/{slug}/letter/",
        "CORPORATION_FEED_URL": "en/corporations/{slug}/changes.atom",
        "MENU": [
            ("Help with rent arrears", "en/rent-arrears/"),
            ("Corporations", "en/corporations/"),
            ("News", "en/news/"),
            ("About", "en/about/"),
        ],
        "FOOTER_LINKS": [
            ("About Huurwijzer", "en/about/"),
            ("Accessibility", "en/accessibility/"),
            ("Privacy", "en/privacy/"),
            ("Follow the news in your feed reader", "en/news/feed.atom"),
        ],
    },
}

# The register's addresses (plugins/huurwijzer/core/settings.py declares them, with these defaults).
# Change one and the section moves: pages, links in content, feeds, exports and sitemap.
CORPORATIONS_URL = "corporaties/"
CORPORATIONS_SAVE_AS = "corporaties/index.html"
CORPORATION_URL = "corporaties/{slug}/"
CORPORATION_SAVE_AS = "corporaties/{slug}/index.html"
CORPORATION_FEED_SAVE_AS = "corporaties/{slug}/wijzigingen.atom"
CORPORATION_LETTER_URL = "corporaties/{slug}/brief/"
CORPORATION_LETTER_SAVE_AS = "corporaties/{slug}/brief/index.html"
LETTER_URL = "brief/"
LETTER_SAVE_AS = "brief/index.html"
MUNICIPALITIES_URL = "gemeenten/"
MUNICIPALITIES_SAVE_AS = "gemeenten/index.html"
MUNICIPALITY_URL = "gemeenten/{slug}/"
MUNICIPALITY_SAVE_AS = "gemeenten/{slug}/index.html"
METHOD_URL = "methode/"
METHOD_SAVE_AS = "methode/index.html"
SUBMIT_URL = "standpunt-doorgeven/"
SUBMIT_SAVE_AS = "standpunt-doorgeven/index.html"
SUBMIT_TEMPLATE_SAVE_AS = "standpunt-doorgeven/sjabloon.yaml"
REGISTER_JSON_SAVE_AS = "corporaties/standpunten.json"
REGISTER_CSV_SAVE_AS = "corporaties/standpunten.csv"
REGISTER_SCHEMA_SAVE_AS = "corporaties/schema.json"
REGISTER_DATAPACKAGE_SAVE_AS = "corporaties/datapackage.json"
REGISTER_FEED_SAVE_AS = "corporaties/wijzigingen.atom"
GUIDANCE_SLUG = "huurachterstand"

# Feeds: one Atom feed of the news, nothing else.
FEED_DOMAIN = SITEURL
FEED_ATOM = "nieuws/feed.atom"  # DEFAULT_LANG only; the others: LANGUAGES[lang]["FEED_URL"]
FEED_ALL_ATOM = None
FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = None
TAG_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = None  # each language's own feed: LANGUAGES[lang]["FEED_URL"]
FEED_MAX_ITEMS = 50

# Reproducible output: no build timestamps in the pages.
# The content cache is off for full builds (make html, tests); `make devserver` turns it on.
# At the generator layer it also covers the register's files.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CONTENT_CACHING_LAYER = "generator"

# One Content-Security-Policy for the meta tag and the server headers.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'self' mailto:; object-src 'none'"
)
# The search pages' policy: the same (the search is plain JavaScript and JSON files, no
# WebAssembly, so no 'wasm-unsafe-eval').
SEARCH_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY
# Headers for hosts that send them (_headers, nginx); frame-ancestors only works as a header.
SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
SEARCH_INDEX = True  # write the search index (search-index/) after every build

# The register: a stance last checked longer ago than this shows a warning.
REGISTER_STALE_AFTER_DAYS = 365
# The one clock (plugins/huurwijzer/core/clock.py): the build date, shown in the footer and
# used to date every stance ("… jaar voor deze versie van de site"), and the day the receiver
# and `make approve` stamp. Default: today, or SOURCE_DATE_EPOCH when set (reproducible
# builds). A pinned day holds for the build, the receiver and the commands alike.
# REGISTER_TODAY = "2026-11-28"

# Menu and footer: an address, or the name of a register section (its address follows the
# section's settings): guidance, corporations, municipalities, method, submit, letter.
MENU = [
    ("Hulp bij huurachterstand", "guidance"),
    ("Corporaties", "corporations"),
    ("Nieuws", "nieuws/"),
    ("Over", "over/"),
]
FOOTER_LINKS = [
    ("Over Huurwijzer", "over/"),
    ("Toegankelijkheid", "toegankelijkheid/"),
    ("Privacy", "privacy/"),
    ("Nieuws volgen met een app voor nieuwsfeeds", "nieuws/feed.atom"),
]

# ---- Submissions: inbox, receiver, mail (huurwijzer.intake; declared with types in
# ---- plugins/huurwijzer/intake/settings.py). Everything here is read by `make receiver`,
# ---- `make submit/review/approve/…` and the form page /standpunt-doorgeven/.
# The receiver's address for the form (e.g. "https://huurwijzer.example/ontvangst/standpunt").
# Empty: the form offers download and e-mail instead, and the site needs no receiver.
SUBMISSION_ENDPOINT = ""
EDITORS_EMAIL = ""  # the editors' address for submissions (not known yet: shown as unknown)
PRIVACY_CONTACT = ""  # who to ask about personal data (shown as "onbekend" until set)
INBOX_PATH = "inbox/inbox.sqlite3"  # git-ignored; holds senders' names and addresses
INBOX_BACKUP_DIR = "inbox/backups"
INBOX_RETENTION_DAYS = 365  # items (and backups) are deleted this long after the decision
INBOX_UNCONFIRMED_DAYS = 7  # unconfirmed submissions are deleted after this
RECEIVER_HOST = "127.0.0.1"
RECEIVER_PORT = 8010
RECEIVER_MAX_BYTES = 64 * 1024  # request bodies above this are refused while streaming
RECEIVER_BODY_TIMEOUT = 10  # seconds a client may take to send its body
RECEIVER_RATE_LIMIT = 10  # posts per client …
RECEIVER_RATE_WINDOW = 3600  # … per this many seconds
RECEIVER_TRUSTED_PROXIES = []  # proxies allowed to set X-Forwarded-For (nginx here: ["127.0.0.1"])
RECEIVER_CONFIRM_HOURS = 48  # a sender's confirmation link expires after this
SMTP_HOST = ""  # empty: no mail is sent (notices wait, listed by make review)
SMTP_PORT = 587
SMTP_USER = ""  # the password comes from the environment variable SMTP_PASSWORD
SMTP_TLS = "starttls"  # starttls, tls or none (none only for a server on this machine)
MAIL_FROM = ""

# The form page's CSP (form-action, connect-src) follows SUBMISSION_ENDPOINT: see
# huurwijzer.intake.settings.submit_policy, applied when Pelican starts.
# ---- end of the submissions block
