"""The workspace: finding it from the current directory, and its settings with their precedence."""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import WorkspaceError

SETTINGS_FILE = "qa.toml"
AGENTS_FILE = "agents.toml"
ENV_PREFIX = "QA_"

DEFAULTS: dict[str, Any] = {
    "database_url": "",  # empty: sqlite file qa.db in the workspace
    "rubric": "",  # empty: the only rubric in rubrics/, if there is exactly one
    "engine": "auto",
    "model": "base.en",
    "recordings": "recordings",
    "filename_pattern": "",
    "channels": {"left": "agent", "right": "customer"},
    "access": {"admins": [], "supervisors": []},
    "sample": {"rate": 0.0, "count": 0, "per_agent": 0},
    "redaction": {},
    "report": {"offer_goal": 0.8},
}

# Settings that may come from QA_<NAME> environment variables (flat keys only).
ENV_KEYS = ("database_url", "rubric", "engine", "model", "recordings", "filename_pattern")


@dataclass(frozen=True)
class Workspace:
    """A user's QA folder and its merged settings (flag > QA_* env > qa.toml > defaults)."""

    root: Path
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def database_url(self) -> str:
        """SQLAlchemy URL of the workspace database."""
        url = str(self.settings.get("database_url") or "")
        return url or f"sqlite:///{self.root / 'qa.db'}"

    @property
    def recordings_dir(self) -> Path:
        """Where recordings live by default."""
        return self.root / str(self.settings["recordings"])

    @property
    def rubrics_dir(self) -> Path:
        """Where the workspace's rubrics live."""
        return self.root / "rubrics"

    @property
    def agents_file(self) -> Path:
        """The agent directory file."""
        return self.root / AGENTS_FILE

    def section(self, name: str) -> dict[str, Any]:
        """A settings table such as `access` or `sample` (empty when absent)."""
        value = self.settings.get(name) or {}
        return dict(value) if isinstance(value, dict) else {}

    def default_rubric(self) -> Path:
        """The rubric to score with when none is named."""
        named = str(self.settings.get("rubric") or "")
        if named:
            path = Path(named)
            return path if path.is_absolute() else self.root / path
        found = sorted(self.rubrics_dir.glob("*.toml"))
        if len(found) == 1:
            return found[0]
        raise WorkspaceError(
            f"No default rubric: {self.rubrics_dir} holds {len(found)} rubric files.",
            hint='Set `rubric = "rubrics/NAME.toml"` in qa.toml or pass --rubric FILE.',
        )


def current_login() -> str:
    """The login of the person running the tool (QA_LOGIN overrides, for shared terminals)."""
    return os.environ.get("QA_LOGIN") or getpass.getuser()


def find_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` that holds qa.toml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / SETTINGS_FILE).is_file():
            return folder
    raise WorkspaceError(
        f"No callqa workspace (qa.toml) in {here} or any folder above it.",
        hint="Run `qa init` to create one, or pass --workspace DIR.",
    )


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        elif value is not None:
            merged[key] = value
    return merged


def read_settings_file(path: Path) -> dict[str, Any]:
    """qa.toml as a dict; a syntax error names the file and line."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise WorkspaceError(f"{path}: {exc}", hint="Fix the TOML syntax at that line.") from exc
    except OSError as exc:
        raise WorkspaceError(f"Cannot read {path}: {exc.strerror}.") from exc


def env_settings(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Settings given as QA_* environment variables."""
    env = os.environ if environ is None else environ
    return {k: env[ENV_PREFIX + k.upper()] for k in ENV_KEYS if env.get(ENV_PREFIX + k.upper())}


def open_workspace(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Workspace:
    """Find the workspace (at `path` or above the current directory) and merge its settings."""
    root = find_root(path)
    settings = _merge(DEFAULTS, read_settings_file(root / SETTINGS_FILE))
    settings = _merge(settings, env_settings())
    settings = _merge(settings, overrides or {})
    return Workspace(root=root, settings=settings)


def _template(name: str) -> str:
    return (Path(__file__).parent / "templates" / name).read_text(encoding="utf-8")


def _with_login(settings_text: str, login: str) -> str:
    quoted = f'["{login}"]'
    return settings_text.replace("admins = []", f"admins = {quoted}").replace(
        "supervisors = []", f"supervisors = {quoted}"
    )


def init_workspace(folder: Path, login: str) -> list[Path]:
    """Create a workspace in `folder`; returns the files written. Refuses to overwrite one."""
    folder.mkdir(parents=True, exist_ok=True)
    if (folder / SETTINGS_FILE).exists():
        raise WorkspaceError(
            f"{folder / SETTINGS_FILE} already exists; this folder is a workspace.",
            hint="Edit qa.toml by hand, or run `qa init` in an empty folder.",
        )
    (folder / "rubrics").mkdir(exist_ok=True)
    (folder / "recordings").mkdir(exist_ok=True)
    files = {
        folder / SETTINGS_FILE: _with_login(_template("qa.toml"), login),
        folder / AGENTS_FILE: _template("agents.toml"),
        folder / "rubrics" / "acme_inbound.toml": _template("rubric.toml"),
    }
    for path, text in files.items():
        if not path.exists():
            path.write_text(text, encoding="utf-8")
    return list(files)
