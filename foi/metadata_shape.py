"""The shape Datasette 0.65 expects of metadata.yml, checked before Datasette or `foi publish`
read it: a hand-edited file of the wrong shape is one line naming the key, not a traceback."""
from __future__ import annotations

from pathlib import Path

from .errors import FoiError

TEXT_KEYS = ("title", "description", "description_html", "license", "license_url", "source", "source_url",
             "about", "about_url")
LIST_KEYS = ("extra_css_urls", "extra_js_urls")
TABLE_TEXT = TEXT_KEYS + ("sort", "sort_desc", "fts_table", "fts_pk", "label_column")
QUERY_TEXT = TEXT_KEYS + ("sql", "fragment", "on_success_message", "on_success_redirect",
                          "on_error_message", "on_error_redirect")


def check_metadata(data, path: Path) -> None:
    """Raise a FoiError naming the file and the first key whose value has the wrong shape."""

    def fail(where: str, what: str):
        raise FoiError(f"{path}: '{where}' must be {what}")

    def mapping(value, where: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            fail(where, "a mapping")
        return value

    def texts(block: dict, keys, where: str) -> None:
        for key in keys:
            if key in block and block[key] is not None and not isinstance(block[key], str):
                fail(f"{where}{key}", "text")

    def urls(block: dict, where: str) -> None:
        for key in LIST_KEYS:
            value = block.get(key)
            if value is None:
                continue
            if not isinstance(value, list) or not all(isinstance(u, str) or (isinstance(u, dict) and isinstance(u.get("url"), str)) for u in value):
                fail(f"{where}{key}", "a list of URLs")

    if not isinstance(data, dict):
        raise FoiError(f"{path}: expected Datasette metadata (a mapping)")
    texts(data, TEXT_KEYS, "")
    urls(data, "")
    mapping(data.get("plugins"), "plugins")
    for name, db in mapping(data.get("databases"), "databases").items():
        db = mapping(db, f"databases.{name}")
        texts(db, TEXT_KEYS, f"databases.{name}.")
        mapping(db.get("plugins"), f"databases.{name}.plugins")
        for table, spec in mapping(db.get("tables"), f"databases.{name}.tables").items():
            where = f"databases.{name}.tables.{table}"
            spec = mapping(spec, where)
            texts(spec, TABLE_TEXT, where + ".")
            columns = mapping(spec.get("columns"), where + ".columns")
            for column, text in columns.items():
                if text is not None and not isinstance(text, str):
                    fail(f"{where}.columns.{column}", "text")
            mapping(spec.get("units"), where + ".units")
            mapping(spec.get("plugins"), where + ".plugins")
            for key in ("facets", "sortable_columns"):
                if spec.get(key) is not None and not isinstance(spec[key], list):
                    fail(f"{where}.{key}", "a list")
            if spec.get("size") is not None and (not isinstance(spec["size"], int) or isinstance(spec["size"], bool)):
                fail(f"{where}.size", "a whole number")
        for query, spec in mapping(db.get("queries"), f"databases.{name}.queries").items():
            where = f"databases.{name}.queries.{query}"
            if isinstance(spec, str):
                continue
            spec = mapping(spec, where) if spec is not None else fail(where, "SQL text or a mapping with sql")
            if not isinstance(spec.get("sql"), str):
                fail(f"{where}.sql", "SQL text")
            texts(spec, QUERY_TEXT, where + ".")
            if spec.get("params") is not None and not isinstance(spec["params"], list):
                fail(f"{where}.params", "a list")
