"""Production settings: the public address; everything else as in pelicanconf."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The public address of the site; set HUURWIJZER_SITEURL when it is served elsewhere.
SITEURL = os.environ.get("HUURWIJZER_SITEURL", "https://huurwijzer.nl").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
