"""The result document every builder returns and every renderer (page, CSV, XLSX) reads.

    {"title", "period", "notes": [str],
     "figures": [{"key", "label", "type", "value", "previous"}],
     "tables": [{"key", "title", "columns": [{"key", "label", "type"}], "rows": [[…]]}],
     "charts": [{"kind": "line"|"bar", "title", "table", "label", "values": [column keys]}]}

Types: text, int, money (decimal string, 2 places), decimal, percent (decimal string), date.
JSON keeps money exact because it is stored as strings, never floats.
"""


def col(key, label, type="text"):
    return {"key": key, "label": label, "type": type}


def table(key, title, columns, rows, note=""):
    return {"key": key, "title": title, "columns": columns, "rows": [list(r) for r in rows], "note": note}


def figure(key, label, type, value, previous=None):
    return {"key": key, "label": label, "type": type, "value": value, "previous": previous}


def chart(kind, title, table_key, label, values):
    return {"kind": kind, "title": title, "table": table_key, "label": label, "values": list(values)}


def document(title, period, figures, tables, charts=(), notes=()):
    return {"title": title, "period": str(period), "period_first": period.first.isoformat(),
            "period_last": period.last.isoformat(), "figures": figures, "tables": tables,
            "charts": list(charts), "notes": list(notes)}


def figures_table(figures, with_previous=False):
    """The headline figures as a table, for CSV and XLSX."""
    columns = [col("measure", "Measure"), col("value", "Value")]
    if with_previous:
        columns.append(col("previous", "Previous period"))
    rows = [[f["label"], f["value"]] + ([f["previous"]] if with_previous else []) for f in figures]
    return {"key": "figures", "title": "Summary", "columns": columns, "rows": rows, "note": "",
            "types": [f["type"] for f in figures]}
