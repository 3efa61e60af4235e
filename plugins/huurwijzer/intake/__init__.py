"""Updates from corporations and reports from readers: from the sender to the register.

clean     parse (YAML or strict JSON) and clean one document; the rules of a submission
records   build, write and amend stance record files (one YAML emitter, one atomic writer)
inbox     the SQLite inbox: receipts, states, confirmation, notices, backup, retention
notify    e-mail to the editors and confirmation mail to senders (smtplib)
commands  the editors' command line (make submit, review, approve, reject, verify, …)
history   each decision committed to git with only its own files (no personal data)
workflow  what happens to an item: taken in, reviewed, approved, rejected; records verified
settings  the intake's settings, declared with defaults and types
receiver  the small HTTP service that takes the form's posts (Starlette on uvicorn)
deploy    the receiver's systemd unit and nginx location, from the settings

May import: core, reading, stances, site.
"""
