"""Huurwijzer's Pelican plugin and its commands, in floors that import only downward.

  core/      the clock, problems, settings, the one file writer, date formats, languages
  reading/   front matter, sanitizing, schemas and validation, links, Pelican's reader
  stances/   the stance register: vocabulary (scales), model, schemas, loading, views, letter
  site/      what the build writes: the generator, exports, feeds, other languages, checks
  intake/    submissions: cleaning, the inbox, the editors' workflow, the receiver
  commands/  make check, make corporation, the translations' extraction
  plugin.py  Pelican's signals, connected to the parts above (the top floor)

A module imports from its own floor or from floors listed above it, never from one below
it (tests/test_layout.py computes the import graph and fails on a cycle or an upward import).
"""


def register() -> None:
    """Pelican's entry point (PLUGINS = ["huurwijzer"]): connect the plugin's signals.

    Imported here, not at the top: the commands and the receiver import parts of the package
    without loading Pelican's build machinery.
    """
    from huurwijzer.plugin import register as connect

    connect()
