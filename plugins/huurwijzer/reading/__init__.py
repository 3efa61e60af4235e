"""Reading an editor's file: front matter, Markdown, sanitizing, schemas, links.

frontmatter     YAML front matter with the line of every field
markup          Markdown to safe HTML (nh3), checked
validation      JSON Schema validation, every error worded for an editor
content_schema  the schemas of articles and pages
links           links written by what they point at ({filename}, {corporation}…)
reader          Pelican's reader for articles and pages, strict about every field

May import: core.
"""
