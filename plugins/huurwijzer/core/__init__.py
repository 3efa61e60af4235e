"""The ground floor: what every other part uses, knowing nothing of them.

clock       "today" and "now" for every rule (REGISTER_TODAY, SOURCE_DATE_EPOCH, the machine)
problems    a Problem names the file, the line and the field; how a path is shown
codes       every problem's code with its English and its short Dutch (for senders)
messages    the editors' language: each code's Dutch for editors, English on request
settings    every setting of the site, declared once with default and type, checked at start
atomic      the one file writer: whole or not at all
filters     Dutch dates through Babel (also the templates' filters)
languages   the site's languages and the theme's catalogs

May import: nothing (from the plugin: only the standard library and third-party packages).
"""
