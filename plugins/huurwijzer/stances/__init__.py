"""The stance register: its vocabulary, model, schemas and rules, read from content/.

scales             every code, label and explanation (the one vocabulary)
model              plain data with the rules that read it (current stance, staleness)
register_schema    JSON Schemas of the register's files, derived from scales
submission_schema  what a corporation may send
comparison         a stance against the national agreement, like with like
loading            read, check and build the model (load_register, reload_corporation)
text_translations  a record's or question's text in another language
views              what a reader sees, decided once per page
letter             the payment-plan letter's words

May import: core, reading.
"""
