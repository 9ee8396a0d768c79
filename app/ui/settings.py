"""The window's settings, kept in QSettings.

One table of defaults (`DEFAULTS`); a value equal to its default is not stored, so a future release
can change a default and every user who never touched it gets the new one. Without a QSettings store
(the smoke test, some tests) the values live in memory only.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from app.core.packs import NATIONAL, Pack, PackError, find_pack, national_pack

ORGANIZATION = "nianbao-checker"  # ASCII names for the settings file and the data folder
REVIEWER = "reviewer"
EXPORT_DIR = "export/folder"
GEOMETRY = "window/geometry"
SPLITTER = "window/splitter"
RIGHT_SPLITTER = "window/right_splitter"
LAST_FOLDER = "pickers/reports"  # where 添加文件 / 添加文件夹 last looked
REVIEW_FOLDER = "pickers/reviews"  # where 打开检查记录 / 另存为 last looked
SHOW_DISMISSED = "export/show_dismissed"  # dismissals and reasons printed in the author's copy
PACK = "checks/pack"  # the local rule pack: a shipped pack's id or a pack file's path

DEFAULTS: dict[str, str | bytes] = {
    REVIEWER: "年报检查器",  # the author of the Word comments
    EXPORT_DIR: "",  # "" means: suggest 文档/年报检查意见
    GEOMETRY: b"",
    SPLITTER: b"",
    RIGHT_SPLITTER: b"",
    LAST_FOLDER: "",
    REVIEW_FOLDER: "",
    SHOW_DISMISSED: "",  # off: the reviewer's notes stay with the reviewer (the workbook has them)
    PACK: "",  # "" means the national pack
}


def settings_store() -> QSettings:
    """The settings file: an INI file in the user's folder on every system (on Windows
    %APPDATA%\\nianbao-checker\\nianbao-checker.ini, beside the review file, not the registry), so a
    reviewer can see, copy or delete it like any file. Needs the application's names set first."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, ORGANIZATION)


def documents_dir() -> str:
    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)


def review_file_path() -> str:
    """The review the window keeps as the reviewer works, in the user's data folder."""
    from app.ui.review import FILE_NAME

    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return f"{folder}/{FILE_NAME}"


def default_export_dir() -> str:
    documents = documents_dir()
    return f"{documents}/年报检查意见" if documents else "年报检查意见"


class Settings:
    """Typed access to the settings; `store=None` keeps them in memory."""

    def __init__(self, store: QSettings | None) -> None:
        self._store = store
        self._memory: dict[str, str | bytes] = {}

    def _get(self, key: str) -> str | bytes:
        default = DEFAULTS[key]
        if self._store is None:
            return self._memory.get(key, default)
        raw = self._store.value(key)
        if raw is None:
            return default
        if isinstance(default, bytes):
            return bytes(raw.data()) if isinstance(raw, QByteArray) else default
        return str(raw)

    def _set(self, key: str, value: str | bytes) -> None:
        is_default = value == DEFAULTS[key]
        if self._store is None:
            if is_default:
                self._memory.pop(key, None)
            else:
                self._memory[key] = value
            return
        if is_default:
            self._store.remove(key)
        else:
            self._store.setValue(key, QByteArray(value) if isinstance(value, bytes) else value)

    def stored_keys(self) -> list[str]:
        """The keys that differ from their defaults (what is actually written)."""
        if self._store is None:
            return sorted(self._memory)
        return sorted(self._store.allKeys())

    def sync(self) -> None:
        if self._store is not None:
            self._store.sync()

    @property
    def reviewer(self) -> str:
        return str(self._get(REVIEWER)).strip() or str(DEFAULTS[REVIEWER])

    @reviewer.setter
    def reviewer(self, name: str) -> None:
        self._set(REVIEWER, name.strip() or str(DEFAULTS[REVIEWER]))

    @property
    def show_dismissed(self) -> bool:
        """Whether the Word copy for the author lists the dismissed findings and their reasons."""
        return self._get(SHOW_DISMISSED) == "1"

    @show_dismissed.setter
    def show_dismissed(self, shown: bool) -> None:
        self._set(SHOW_DISMISSED, "1" if shown else "")

    @property
    def pack_choice(self) -> str:
        """The rule pack chosen in 设置: a shipped pack's id or a file's path; "" for the national one."""
        return str(self._get(PACK))

    @pack_choice.setter
    def pack_choice(self, choice: str) -> None:
        self._set(PACK, "" if choice == NATIONAL else choice.strip())

    def pack(self) -> Pack:
        """The chosen pack; the national pack when the chosen file can no longer be used."""
        try:
            return find_pack(self.pack_choice)
        except PackError:
            return national_pack()

    @property
    def export_dir(self) -> str:
        """The folder exports go to: the one last used, else 文档/年报检查意见."""
        return str(self._get(EXPORT_DIR)) or default_export_dir()

    @export_dir.setter
    def export_dir(self, folder: str) -> None:
        self._set(EXPORT_DIR, "" if folder == default_export_dir() else folder)

    @property
    def last_folder(self) -> str:
        """Where 添加文件 / 添加文件夹 open: the folder last picked, else 文档."""
        return str(self._get(LAST_FOLDER)) or documents_dir()

    @last_folder.setter
    def last_folder(self, folder: str) -> None:
        self._set(LAST_FOLDER, folder)

    @property
    def review_folder(self) -> str:
        return str(self._get(REVIEW_FOLDER)) or documents_dir()

    @review_folder.setter
    def review_folder(self, folder: str) -> None:
        self._set(REVIEW_FOLDER, folder)

    def state(self, key: str) -> QByteArray:
        """Saved window geometry or splitter state (empty when never saved)."""
        return QByteArray(bytes(self._get(key)))

    def set_state(self, key: str, value: QByteArray) -> None:
        self._set(key, bytes(value.data()))
