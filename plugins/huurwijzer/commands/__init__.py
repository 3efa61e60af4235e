"""Commands an editor runs through make, on top of the build's parts.

check     make check: every check the build runs, without building
scaffold  make corporation: a new corporation with an all-unknown first record
extract   make translations: Babel's extraction of the register's words

May import: core, reading, stances, site, intake.
"""
