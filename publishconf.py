"""Production settings: the public address; everything else as in pelicanconf."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The public address of the site. Not chosen yet: set HUURWIJZER_SITEURL when publishing.
SITEURL = os.environ.get("HUURWIJZER_SITEURL", "https://huurwijzer.example").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False
