"""SQLite's full-text table for the database engine: FTS5 over product titles and
descriptions (Porter stemming), kept in step with catalogue_product by triggers.

`ensure()` runs from the migration and again after every migrate, because SQLite
rebuilds a table (dropping its triggers) whenever a migration alters it.
"""
TABLE = "search_product_fts"
TRIGGERS = {
    "insert": f"""CREATE TRIGGER {TABLE}_insert AFTER INSERT ON catalogue_product BEGIN
        INSERT INTO {TABLE}(rowid, title, description) VALUES (new.id, new.title, new.description);
    END""",
    "delete": f"""CREATE TRIGGER {TABLE}_delete AFTER DELETE ON catalogue_product BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
    END""",
    "update": f"""CREATE TRIGGER {TABLE}_update AFTER UPDATE OF title, description ON catalogue_product BEGIN
        INSERT INTO {TABLE}({TABLE}, rowid, title, description) VALUES ('delete', old.id, old.title, old.description);
        INSERT INTO {TABLE}(rowid, title, description) VALUES (new.id, new.title, new.description);
    END""",
}


def ensure(connection):
    """Create the table and any missing trigger; rebuild the index if anything was missing."""
    if connection.vendor != "sqlite":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger') AND name LIKE %s",
                       [f"{TABLE}%"])
        present = {row[0] for row in cursor.fetchall()}
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'catalogue_product'")
        if not cursor.fetchone():
            return False
        missing = [name for name in TRIGGERS if f"{TABLE}_{name}" not in present]
        if TABLE in present and not missing:
            return False
        cursor.execute(f"""CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(
            title, description, content='catalogue_product', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2')""")
        for name in missing:
            cursor.execute(TRIGGERS[name])
        cursor.execute(f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')")
    return True


def drop(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for name in TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{name}")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def match_expression(word):
    """An FTS5 prefix query for one word; quoting keeps FTS syntax out of shoppers' hands."""
    return '"' + word.replace('"', '""') + '"*'
