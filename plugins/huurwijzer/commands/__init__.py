"""Commands an editor runs through make, on top of the build's parts.

check     make check: every check the build runs, without building
scaffold  make corporation: a new corporation with an all-unknown first record
extract   make translations: Babel's extraction of the register's words
deploy    make rsync_upload, rollback, github: the published build to the live site
publish   make publish-update: approve, commit, build, deploy, print the live addresses

May import: core, reading, stances, site, intake.
"""
