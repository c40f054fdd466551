"""Find the workspace, load and validate request files, read and append event logs.

The files are the truth: `requests/<slug>.yml` is written by people, `requests/<slug>/events.log`
is appended to by foi, one line per event, so a workspace kept in git shows every change in a
readable diff.
"""
from __future__ import annotations

import datetime as dt
import fcntl
import json
import os
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Optional

import yaml

from . import forces
from .dates import PERIOD_KINDS, is_plausible_year
from .errors import FoiError
from .workspace_root import DB_NAME, REQUESTS_FOLDER, RESPONSES_FOLDER, find_root

EVENTS = (
    "sent",
    "acknowledged",
    "clarification-requested",
    "clarified",
    "extended",
    "fee-notice",
    "fee-paid",
    "responded",
    "review-requested",
    "review-responded",
    "complaint",
    "withdrawn",
)
OUTCOMES = ("full", "partial", "refused", "not-held", "ncnd")  # what a response gave
REQUEST_KEYS = {"title", "body", "to", "periods", "since", "until", "measures", "breakdowns", "notes"}
SLUG_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
MAX_SLUG = 80  # a slug names a file and a folder: well under any file system's 255 bytes
LOCAL_CONFIG = "foi.local.yml"
# What foi.local.yml may hold: a misspelt key ("requestor:") is an error, never silently nothing
LOCAL_CONFIG_KEYS = {"requester": ("name", "email", "address"), "smtp": ("host", "port", "starttls", "ssl", "user")}
NAME_ENV = "FOI_FROM_NAME"  # override the requester's name and email
EMAIL_ENV = "FOI_FROM_EMAIL"


# ---------------------------------------------------------------- dates


def parse_date(text: str, what: str = "date") -> dt.date:
    """An ISO date, or a FoiError that says which form is expected."""
    if isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise FoiError(f"{what} '{text}' is not a date in the form YYYY-MM-DD") from None


# ---------------------------------------------------------------- workspace


@dataclass(frozen=True)
class Workspace:
    root: Path

    @property
    def requests_dir(self) -> Path:
        return self.root / REQUESTS_FOLDER

    @property
    def responses_dir(self) -> Path:
        return self.root / RESPONSES_FOLDER

    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME

    @property
    def metadata_path(self) -> Path:
        return self.root / "metadata.yml"

    def request_path(self, slug: str) -> Path:
        return self.requests_dir / f"{slug}.yml"

    def case_dir(self, slug: str) -> Path:
        return self.requests_dir / slug

    def log_path(self, slug: str) -> Path:
        return self.case_dir(slug) / "events.log"

    def slugs(self) -> list[str]:
        return sorted(p.stem for p in self.requests_dir.glob("*.yml"))

    def load_request(self, slug: str) -> "Request":
        check_slug(slug)
        path = self.request_path(slug)
        if not path.exists():
            known = self.slugs()
            import difflib

            close = difflib.get_close_matches(slug, known, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else (f"; known: {', '.join(known)}" if known else "")
            raise FoiError(f"no request '{slug}' in {self.requests_dir}{hint}")
        return load_request_file(path)

    def requests(self) -> list["Request"]:
        return [load_request_file(self.request_path(s)) for s in self.slugs()]

    def local_config(self) -> dict:
        """The requester's private settings (git-ignored). Empty if absent."""
        path = self.root / LOCAL_CONFIG
        if not path.exists():
            return {}
        data = read_yaml_file(path, empty={})
        if not isinstance(data, dict):
            raise FoiError(f"{path}: expected a mapping of settings")
        return data

    def requester(self, environment: bool = True) -> dict[str, str]:
        """The requester's `name`, `email` and postal `address` ("" when not given): the
        `requester:` of foi.local.yml, the name and email overridden by FOI_FROM_NAME and
        FOI_FROM_EMAIL (unless `environment` is False). A misspelt key or a value that is not text
        is an error naming the file: sending signs with these, and publishing removes them, so
        neither may silently lack them."""
        path = self.root / LOCAL_CONFIG
        config = self.local_config()
        _known_keys(path, config, LOCAL_CONFIG_KEYS, "setting")
        section = config.get("requester")
        if section is None:
            section = {}
        if not isinstance(section, dict):
            raise FoiError(f"{path}: 'requester' must be a mapping with name, email and address")
        _known_keys(path, section, LOCAL_CONFIG_KEYS["requester"], "requester setting")
        found = {}
        for key in LOCAL_CONFIG_KEYS["requester"]:
            value = section.get(key)
            if value is not None and not isinstance(value, str):
                raise FoiError(f"{path}: the requester's '{key}' must be text")
            found[key] = (value or "").strip()
        for key, env in (("name", NAME_ENV), ("email", EMAIL_ENV)):
            if environment and (os.environ.get(env) or "").strip():
                found[key] = os.environ[env].strip()
        return found


def _known_keys(path: Path, mapping: dict, known, what: str) -> None:
    import difflib

    for key in mapping:
        if key not in known:
            close = difflib.get_close_matches(str(key), list(known), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(known)}"
            raise FoiError(f"{path}: unknown {what} '{key}'{hint}")


def find_workspace(explicit: Optional[str | Path] = None, start: Optional[Path] = None) -> Workspace:
    """The workspace given, or in $FOI_WORKSPACE, or the nearest folder upwards holding `requests/`."""
    return Workspace(find_root(explicit, start))


GITIGNORE = """# foi: the database, the table pictures and the OCR'd copies are build products;
# the local config holds the requester's private details
foi.db
foi.db-*
build/
.ocr/
foi.local.yml
"""

LOCAL_CONFIG_EXAMPLE = """# Private settings for sending requests. Keep this file out of git (it is in .gitignore).
# The environment variables FOI_FROM_NAME and FOI_FROM_EMAIL override these;
# an SMTP password only ever comes from FOI_SMTP_PASSWORD.
requester:
  name: A. N. Example
  email: requester@example.org
  address: |
    1 Example Street
    Exampletown EX1 1EX
smtp:
  host: smtp.example.org
  port: 587
  starttls: true
  user: requester@example.org
"""

def metadata_template() -> str:
    """Datasette metadata for a new workspace: every table, view, canned query and chart described."""
    from importlib import resources

    return resources.files("foi").joinpath("data/metadata.yml").read_text(encoding="utf-8")


def init_workspace(root: Path) -> tuple[Workspace, list[Path]]:
    """Create a workspace at root (idempotent); returns it and the paths created."""
    root = Path(root).expanduser()
    if root.exists() and not root.is_dir():
        raise FoiError(f"{root} exists and is not a folder")
    created = []
    for folder in (root, root / "requests", root / "responses"):
        if not folder.exists():
            folder.mkdir(parents=True)
            created.append(folder)
    for name, text in (
        (".gitignore", GITIGNORE),
        ("metadata.yml", metadata_template()),
        (LOCAL_CONFIG + ".example", LOCAL_CONFIG_EXAMPLE),
    ):
        path = root / name
        if not path.exists():
            path.write_text(text, encoding="utf-8")
            created.append(path)
    return Workspace(root.resolve()), created


# ---------------------------------------------------------------- request files


@dataclass
class Request:
    slug: str
    path: Path
    title: str
    body: str
    to: list[str]  # as written: force ids and group names
    recipients: list[str]  # resolved force ids
    periods: Optional[str] = None
    since: Optional[int] = None
    until: Optional[int] = None
    measures: dict[str, list[str]] = field(default_factory=dict)
    # breakdown key -> texts that may name it (a header, a caption): rank, outcome, hospital ...
    breakdowns: dict[str, list[str]] = field(default_factory=dict)


def check_slug(slug: str) -> None:
    """A FoiError unless slug is lowercase letters, digits and hyphens, at most MAX_SLUG long."""
    if len(slug) > MAX_SLUG:
        raise FoiError(f"'{slug[:40]}...' is not a valid slug: it is {len(slug)} characters long; the limit is {MAX_SLUG}")
    if not SLUG_RE.match(slug):
        raise FoiError(f"'{slug}' is not a valid slug: use lowercase letters, digits and hyphens")


def _duplicate_key(node) -> Optional[tuple[str, int, int]]:
    """The first key given twice in any mapping of a composed YAML document: (key, line, first line)."""
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            seen: dict = {}
            for key, value in node.value:
                name = getattr(key, "value", None)
                if isinstance(name, str):
                    if name in seen:
                        return name, key.start_mark.line + 1, seen[name]
                    seen[name] = key.start_mark.line + 1
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def _yaml_problem(e: yaml.YAMLError) -> str:
    mark = getattr(e, "problem_mark", None)
    problem = getattr(e, "problem", None) or str(e).splitlines()[0]
    return f"line {mark.line + 1}: {problem}" if mark else problem


def _read_text(path: Path) -> str:
    """A workspace file's UTF-8 text; a one-line FoiError naming it when it cannot be read."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FoiError(f"{path}: not UTF-8 text") from None
    except OSError as e:
        raise FoiError(f"{path}: cannot be read ({e.strerror})") from None


def read_yaml_file(path: Path, empty: Any = None) -> Any:
    """The YAML document in `path` (`empty` when the file holds none): the one way foi reads a
    settings file, so that each broken one gets the same one-line FoiError naming the file, the
    line and the problem."""
    text = _read_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise FoiError(f"{path}: not valid YAML ({_yaml_problem(e)})") from None
    return empty if data is None else data


def load_request_file(path: Path) -> Request:
    """Parse and validate a request file; a FoiError names the file, the line and the problem."""
    path = Path(path)
    slug = path.stem
    where = str(path)
    text = _read_text(path)
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise FoiError(f"{where}: {_yaml_problem(e)}") from None
    if node is None:
        raise FoiError(f"{where}: the file is empty; it needs at least title, body and to")
    duplicate = _duplicate_key(node)
    if duplicate:  # YAML keeps the last silently: say so rather than lose the first
        key, line, first = duplicate
        raise FoiError(f"{where}: line {line}: '{key}' is given twice (first on line {first})")
    if not isinstance(data, dict):
        raise FoiError(f"{where}: line 1: expected a mapping of keys (title, body, to, ...)")
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value if hasattr(k, "value")}

    def fail(key: str, problem: str):
        line = lines.get(key)
        raise FoiError(f"{where}: {'line ' + str(line) + ': ' if line else ''}{problem}")

    if not SLUG_RE.match(slug) or len(slug) > MAX_SLUG:
        raise FoiError(f"{where}: the file name must be a slug of lowercase letters, digits and hyphens, at most {MAX_SLUG} long")
    for key in data:
        if key not in REQUEST_KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), sorted(REQUEST_KEYS), n=1)
            fail(key, f"unknown key '{key}'" + (f"; did you mean '{close[0]}'?" if close else ""))
    for key in ("title", "body", "to"):
        if key not in data or data[key] in (None, "", []):
            raise FoiError(f"{where}: missing required key '{key}'")
    for key in ("title", "body"):
        if not isinstance(data[key], str):
            fail(key, f"'{key}' must be text")
    to = data["to"]
    if isinstance(to, str):
        to = [to]
    if not isinstance(to, list) or not all(isinstance(t, str) for t in to):
        fail("to", "'to' must be a list of force ids or group names")
    try:
        recipients = forces.resolve(to)
    except FoiError as e:
        fail("to", str(e))
    periods = data.get("periods")
    if periods is not None and periods not in PERIOD_KINDS:
        fail("periods", f"'periods' must be one of {', '.join(PERIOD_KINDS)}, not '{periods}'")
    for key in ("since", "until"):
        value = data.get(key)
        if value is not None and not (isinstance(value, int) and is_plausible_year(value)):
            fail(key, f"'{key}' must be a year such as 2006")
    if data.get("since") and data.get("until") and data["until"] < data["since"]:
        fail("until", "'until' is before 'since'")
    def key_texts(name: str, what: str) -> dict[str, list[str]]:
        """`measures:` or `breakdowns:`: each key (a slug) -> the texts that may name it."""
        raw = data.get(name) or {}
        if not isinstance(raw, dict):
            fail(name, f"'{name}' must map each {what} key to the texts that may name it")
        out: dict[str, list[str]] = {}
        for key, aliases in raw.items():
            if not isinstance(key, str) or not re.match(r"^[a-z][a-z0-9_]*$", key):
                fail(name, f"{what} key '{key}' must be lowercase letters, digits and underscores")
            if isinstance(aliases, str):
                aliases = [aliases]
            if aliases is None:
                aliases = [key.replace("_", " ")]
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
                fail(name, f"{what} '{key}' must list texts, e.g. [{key.replace('_', ' ')}]")
            out[key] = aliases
        return out

    measures = key_texts("measures", "measure")
    breakdowns = key_texts("breakdowns", "breakdown")
    clash = sorted(set(measures) & set(breakdowns))
    if clash:
        fail("breakdowns", f"'{clash[0]}' is both a measure and a breakdown")
    return Request(
        slug=slug,
        path=path,
        title=data["title"].strip(),
        body=data["body"],
        to=list(to),
        recipients=recipients,
        periods=periods,
        since=data.get("since"),
        until=data.get("until"),
        measures=measures,
        breakdowns=breakdowns,
    )


REQUEST_TEMPLATE = """# A request to UK police forces. `foi send {slug}` records it as sent to each recipient.
{title}
body: |
  Dear Freedom of Information Officer,

  Please provide, for each calendar year since 2006, the number of ...

{to}                 # force ids (`foi forces`) and/or groups: all, territorial, england-wales, england, wales, scotland, northern-ireland, special
periods: calendar-year        # or financial-year
since: 2006
measures:                     # measure key -> header texts that may name it in a force's table
  officers: [officers, officers investigated, number of officers]
breakdowns: {{}}                # optional: breakdown key -> texts that may name it, e.g.
#  rank: [rank, officer rank]   # figures by category: one row per rank, per outcome, per hospital
"""


def _yaml_entry(key: str, value) -> str:
    """One `key: value` line written by the YAML emitter: quoted and escaped as YAML needs (a
    value holding a line break in double quotes, so that it stays on its one line)."""
    one_line = not isinstance(value, str) or (len(value.splitlines()) <= 1 and not value.endswith(("\n", "\r")))
    text = yaml.safe_dump(
        value, allow_unicode=True, width=float("inf"),
        default_flow_style=True, default_style=None if one_line else '"',
    )
    text = text.removesuffix("\n").removesuffix("\n...")
    return f"{key}: {text}"


def new_request(ws: Workspace, slug: str, title: Optional[str] = None, to: Optional[list[str]] = None) -> Path:
    check_slug(slug)
    path = ws.request_path(slug)
    if path.exists():
        raise FoiError(f"{path} already exists")
    to = list(to or ["england-wales"])
    forces.resolve(to)
    title = title if title and title.strip() else slug.replace("-", " ").capitalize()
    # Values go through the emitter (a title may hold quotes, '#', ': ' or a newline); the rest is
    # the commented template. The result is read back before it is kept.
    text = REQUEST_TEMPLATE.format(slug=slug, title=_yaml_entry("title", title), to=_yaml_entry("to", to))
    tmp = path.with_name(f".{path.name}.new")
    tmp.write_text(text, encoding="utf-8")
    try:
        _check_written(tmp, title, to)
        os.link(tmp, path)  # never over a file made meanwhile
    except FileExistsError:
        raise FoiError(f"{path} already exists") from None
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _check_written(tmp: Path, title: str, to: list[str]) -> None:
    data = yaml.safe_load(tmp.read_text(encoding="utf-8"))
    if data.get("title") != title or data.get("to") != to:  # the emitter's job: never expected
        raise FoiError(f"could not write a request file for the title {title!r}")


# ---------------------------------------------------------------- event logs


@dataclass
class Event:
    date: dt.date
    force: str
    event: str
    outcome: Optional[str] = None
    until: Optional[dt.date] = None
    ref: Optional[str] = None
    note: Optional[str] = None
    extra: dict[str, str] = field(default_factory=dict)  # message_id, evidence, source, document ...
    recorded: Optional[str] = None  # when foi wrote it (UTC, ISO)
    line: int = 0  # line number in the log: keeps same-day events in the order they were recorded

    def to_line(self) -> str:
        parts = [self.date.isoformat(), self.force, self.event]
        fields = {"outcome": self.outcome, "until": self.until.isoformat() if self.until else None, "ref": self.ref}
        fields.update(self.extra)
        fields["note"] = self.note
        fields["recorded"] = self.recorded
        for key, value in fields.items():
            if value is None or value == "":
                continue
            value = str(value)
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:  # bytes that were not UTF-8 (a shell argument): refused, never half-written
                raise FoiError(f"the {key} is not valid UTF-8 text: retype it") from None
            parts.append(f"{key}={value}" if re.fullmatch(r"[^\s\"'=]+", value) else f"{key}={quote_value(value)}")
        return " ".join(parts)


# Characters some line readers end a line at that JSON leaves as they are (it escapes the rest:
# \n, \r, \v, \f, \x1c-\x1e): escaped too, so an event is always exactly one line whoever reads it.
_UNESCAPED_BREAKS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def quote_value(value: str) -> str:
    """A value as a JSON string with every line-breaking character escaped."""
    text = json.dumps(value, ensure_ascii=False)
    for char, escaped in _UNESCAPED_BREAKS.items():
        text = text.replace(char, escaped)
    return text


_FIELD_RE = re.compile(r'\s*([a-z_][a-z0-9_-]*)=("(?:[^"\\]|\\.)*"|[^\s"]+)')


def parse_event_line(line: str, where: str) -> Event:
    head = line.split(None, 3)
    if len(head) < 3:
        raise FoiError(f"{where}: expected 'DATE FORCE EVENT [key=value ...]'")
    date = parse_date(head[0], f"{where}: date")
    force, event = head[1], head[2]
    if event not in EVENTS:
        raise FoiError(f"{where}: unknown event '{event}'")
    rest = head[3] if len(head) > 3 else ""
    fields: dict[str, str] = {}
    pos = 0
    while pos < len(rest.rstrip()):
        m = _FIELD_RE.match(rest, pos)
        if not m:
            raise FoiError(f"{where}: cannot read '{rest[pos:].strip()[:40]}' (expected key=value)")
        key, value = m.group(1), m.group(2)
        fields[key] = json.loads(value, strict=False) if value.startswith('"') else value
        pos = m.end()
    until = fields.pop("until", None)
    return Event(
        date=date,
        force=force,
        event=event,
        outcome=fields.pop("outcome", None),
        until=parse_date(until, f"{where}: until") if until else None,
        ref=fields.pop("ref", None),
        note=fields.pop("note", None),
        recorded=fields.pop("recorded", None),
        extra=fields,
    )


def read_events(path: Path) -> list[Event]:
    """Every event in a log, in the order written (empty if there is no log yet)."""
    if not path.exists():
        return []
    events = []
    # Lines end at "\n" only (foi writes nothing else): an old log holding a raw U+2028 or U+0085
    # inside a value still reads, and a line number is the one an editor shows.
    for number, data in enumerate(path.read_bytes().split(b"\n"), 1):
        try:
            raw = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise FoiError(
                f"{path}:{number}: not UTF-8 text (byte 0x{data[e.start]:02x} at column {e.start + 1}); "
                "fix or retype that character"
            ) from None
        line = raw.strip(" \t\r")
        if not line or line.startswith("#"):
            continue
        event = parse_event_line(line, f"{path}:{number}")
        event.line = number
        events.append(event)
    return events


LOG_HEADER = "# foi event log: DATE FORCE EVENT [key=value ...], one event per line, appended by `foi`\n"


@contextmanager
def locked_log(ws: Workspace, slug: str) -> Iterator[tuple[list[Event], Callable[[list[Event]], None]]]:
    """Hold an exclusive lock on a request's log; yields (events so far, append(events)).

    The lock makes concurrent `foi log` calls queue rather than lose lines, and lets a caller
    validate a new event against the history it will follow.
    """
    path = ws.log_path(slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        existing = read_events(path)

        def append(new_events: list[Event]) -> None:
            stamp = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
            text = "" if os.fstat(fd).st_size else LOG_HEADER
            for event in new_events:
                event.recorded = event.recorded or stamp
                text += event.to_line() + "\n"
            # One write of whole lines: a crash cannot leave half an event behind a full one.
            os.write(fd, text.encode("utf-8"))
            os.fsync(fd)

        yield existing, append
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
