"""Mail settings: who sends (the requester), through which SMTP server, and each force's FOI address.

The requester comes from foi.local.yml, overridden by FOI_FROM_NAME and FOI_FROM_EMAIL; a force's
address from forces.csv, overridden by the workspace's forces.yml. The SMTP password only ever
comes from FOI_SMTP_PASSWORD, read when connecting, and is never written anywhere. Also the
progress callback that sending, chasing and importing report to.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import formataddr
from typing import Callable, Iterable, Optional
from zoneinfo import ZoneInfo


from .. import forces
from ..errors import FoiError
from ..workspace import EMAIL_ENV, LOCAL_CONFIG, NAME_ENV, Workspace, read_yaml_file

FORCES_OVERRIDES = "forces.yml"
PASSWORD_ENV = "FOI_SMTP_PASSWORD"
UK = ZoneInfo("Europe/London")  # an email's date is the day it arrived in the UK, where the clock runs

Progress = Callable[[int, int], None]  # progress(done, total)

EMAIL_RE = re.compile(r"[^@\s<>\"',;]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def is_address(text: str) -> bool:
    return bool(EMAIL_RE.fullmatch(text or ""))


@dataclass(frozen=True)
class Requester:
    name: str
    email: str
    address: str = ""

    @property
    def domain(self) -> str:
        return self.email.rpartition("@")[2].lower()

    @property
    def header(self) -> str:
        return formataddr((self.name, self.email))


def requester_settings(ws: Workspace) -> Requester:
    """The requester's name, email and postal address: foi.local.yml, overridden by the environment."""
    details = ws.requester()  # the one reader of foi.local.yml's requester (checked, env applied)
    name, address_email, postal = details["name"], details["email"], details["address"]
    missing = [what for what, value in (("name", name), ("email address", address_email)) if not value]
    if missing:
        raise FoiError(
            f"sending needs the requester's {' and '.join(missing)}: create {LOCAL_CONFIG} in the workspace"
            f" (see {LOCAL_CONFIG}.example, written by `foi init`) or set {NAME_ENV} and {EMAIL_ENV}"
        )
    if not is_address(address_email):
        raise FoiError(f"the requester's email '{address_email}' is not an email address")
    return Requester(name=name, email=address_email, address=postal.strip())


def optional_requester(ws: Workspace) -> Optional[Requester]:
    """The requester, or None when not configured (importing needs them only to skip their own messages)."""
    try:
        return requester_settings(ws)
    except FoiError:
        return None


@dataclass(frozen=True)
class SmtpSettings:
    """Where to send. The password is not here: it is read from FOI_SMTP_PASSWORD when connecting."""

    host: str
    port: int = 25
    starttls: bool = False
    ssl: bool = False
    user: Optional[str] = None

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def smtp_settings(ws: Workspace, server: str) -> SmtpSettings:
    """`HOST[:PORT]`; the `smtp:` settings of foi.local.yml (port, starttls, user) apply to its own host."""
    text = (server or "").strip()
    match = re.fullmatch(r"\[?([^\[\]\s]+?)\]?(?::(\d{1,5}))?", text)
    if not match:
        raise FoiError(f"--smtp '{server}' is not HOST or HOST:PORT")
    host, port_text = match.group(1), match.group(2)
    config = ws.local_config().get("smtp") or {}
    if not isinstance(config, dict):
        raise FoiError(f"{ws.root / LOCAL_CONFIG}: 'smtp' must be a mapping with host, port, starttls and user")
    same = str(config.get("host") or "").strip().lower() == host.lower()
    try:
        port = int(port_text or (config.get("port") if same and config.get("port") else 0) or 25)
    except (TypeError, ValueError):
        raise FoiError(f"{ws.root / LOCAL_CONFIG}: smtp port '{config.get('port')}' is not a number") from None
    if not 0 < port < 65536:
        raise FoiError(f"--smtp '{server}': port {port} is out of range")
    use_ssl = bool(config.get("ssl")) if same and "ssl" in config else port == 465
    return SmtpSettings(
        host=host,
        port=port,
        starttls=bool(config.get("starttls")) if same else False,
        ssl=use_ssl,
        user=(str(config["user"]) if config.get("user") else None) if same else None,
    )


def force_addresses(ws: Workspace) -> dict[str, str]:
    """Each force's FOI address: forces.csv, overridden by the workspace's forces.yml."""
    out = {force_id: f.foi_email for force_id, f in forces.all_forces().items()}
    path = ws.root / FORCES_OVERRIDES
    if not path.exists():
        return out
    data = read_yaml_file(path, empty={})
    if not isinstance(data, dict):
        raise FoiError(f"{path}: expected a mapping of force id -> {{foi_email: ...}}")
    for key, value in data.items():
        force_id = str(key)
        if force_id not in out:
            raise FoiError(f"{path}: {forces.unknown_force_message(force_id)}")
        if isinstance(value, str):
            address = value
        elif isinstance(value, dict) and isinstance(value.get("foi_email"), str):
            address = value["foi_email"]
        else:
            raise FoiError(f"{path}: '{force_id}' needs foi_email: the address to send its requests to")
        address = address.strip()
        if not is_address(address):
            raise FoiError(f"{path}: '{address}' ({force_id}) is not an email address")
        out[force_id] = address
    return out


def recipient_addresses(ws: Workspace, force_ids: Iterable[str]) -> dict[str, str]:
    """The FOI address of each force, or a FoiError naming those without one (before anything is sent)."""
    addresses = force_addresses(ws)
    force_ids = list(force_ids)
    missing = [f for f in force_ids if not addresses.get(f)]
    if missing:
        names = ", ".join(f"{forces.get_force(f).name} ({f})" for f in missing)
        raise FoiError(
            f"no FOI email address for {names}: add one to {ws.root / FORCES_OVERRIDES},"
            f" e.g. `{missing[0]}: {{foi_email: foi@example.police.uk}}`"
        )
    return {f: addresses[f] for f in force_ids}

