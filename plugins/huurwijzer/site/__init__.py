"""What the build writes: the register's pages, data, feeds and other languages, and the
checks on what is read and written.

generator   the register's Pelican generator (gather in generate_context, write after)
parallel    the second process that reads and writes the register beside Pelican's news
exports     standpunten.json and .csv, schema.json, datapackage.json, Atom feeds
editions    the other languages' pages and feeds
feeds       news feed entries dated when written, not by the day they are about
addresses   each article's and page's address worked out once, after reading
i18n        the templates' words in each page's language, the language switch
marks       the register's smallest blocks of HTML (badge, date, basis), made in Python
templates   Jinja's compiled templates, shared by a build's environments
form        the submission form's fields and where it posts
headers     HTTP headers for hosts (_headers, nginx)
site_files  sitemap.xml, robots.txt, the search index
search_index the search index written from the built pages (per language, sharded by term)
written     what the build wrote, taken from each HTML page as written (sitemap, search index)
tree        which files under content/ the build reads, and which it refuses
outputs     one source per output path
refusals    the build's side of tree and outputs

May import: core, reading, stances.
"""
