"""Production settings: the public address; everything else as in pelicanconf."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: E402,F403

# The public address of the site. Not chosen yet: set HUURWIJZER_SITEURL when publishing.
SITEURL = os.environ.get("HUURWIJZER_SITEURL", "https://huurwijzer.example").rstrip("/")
FEED_DOMAIN = SITEURL
RELATIVE_URLS = False

# Deploys (make rsync_upload, make rollback, make github, make publish-update), named as in
# Pelican's own Makefile; docs/publiceren.md explains the set-up once.
# DEPLOY_TARGET: "rsync" (a server over SSH), "github" (the gh-pages branch) or "none"
# (Netlify or Cloudflare Pages build from the repository themselves).
DEPLOY_TARGET = "rsync"
SSH_HOST = ""  # the server, e.g. "huurwijzer.example" (or a Host from ~/.ssh/config)
SSH_PORT = 22
SSH_USER = ""  # empty: ssh's own choice (~/.ssh/config or the login name)
SSH_TARGET_DIR = "/srv/huurwijzer"  # releases/ and the link current (the web root) live here
SSH_IDENTITY_FILE = ""  # empty: ssh's own keys
SSH_KNOWN_HOSTS = ""  # empty: ~/.ssh/known_hosts
RSYNC_OPTIONS = []  # extra rsync options, e.g. ["--bwlimit=500"]
DEPLOY_KEEP_RELEASES = 5  # releases kept on the server for make rollback
GITHUB_PAGES_BRANCH = "gh-pages"
GITHUB_PAGES_REMOTE = "origin"
