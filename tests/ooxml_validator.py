"""Validating the Word copies and workbooks the tests write, the way Word itself would judge them.

Two checks, run on every export the export tests write (see tests/core/export/conftest.py):

- **schema**: Microsoft's Open XML SDK validator (`DocumentFormat.OpenXml.Validation.OpenXmlValidator`,
  DocumentFormat.OpenXml 3.5.1, the library behind Word's own tooling) against the Office 2007 schemas and
  the newest ones. It runs on the self-contained .NET 10 folder that the PyPI package
  `python-redlines-docxodus` carries (with DocumentFormat.OpenXml in it), started once per test session
  through pythonnet (`clr_loader.get_coreclr` with that folder as the runtime): no .NET SDK, no NuGet.
  Where those packages are missing (they are test dependencies for Linux x86_64 only),
  `sdk_unavailable()` says why and the schema half is left out; the tests that need it skip with that
  reason.
- **structure** (lxml): what the schema cannot see and Word repairs or drops silently: a content type for
  every part, every relationship's target present, ids unique; comment ids unique, every comment with one
  reference and a paired range (start before end, in one part), no marker naming a missing comment; every
  table cell ending with a paragraph; sheet names Excel accepts.

An annotated DOCX is judged against its input: only errors the export added count (`baseline`).
"""

from __future__ import annotations

import atexit
import hashlib
import importlib.util
import json
import os
import platform
import posixpath
import subprocess
import sys
import tarfile
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

SCHEMA_VERSIONS = ("Office2007", "Microsoft365")  # the oldest Office that reads .docx, and the newest
RUNTIME_PACKAGE = "python_redlines_docxodus"

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MAIN_DOCUMENT = RT + "officeDocument"
# relationship type (its last word) -> how its target's content type must end
CONTENT_TYPE_ENDINGS = {
    "officeDocument": ("document.main+xml", "sheet.main+xml"),
    "comments": ("comments+xml",),
    "styles": ("styles+xml",),
    "settings": ("settings+xml",),
    "numbering": ("numbering+xml",),
    "fontTable": ("fontTable+xml",),
    "header": ("header+xml",),
    "footer": ("footer+xml",),
    "footnotes": ("footnotes+xml",),
    "endnotes": ("endnotes+xml",),
    "theme": ("theme+xml",),
    "worksheet": ("worksheet+xml",),
    "sharedStrings": ("sharedStrings+xml",),
    "core-properties": ("core-properties+xml",),
    "extended-properties": ("extended-properties+xml",),
    "commentsExtended": ("commentsExtended+xml",),
    "commentsIds": ("commentsIds+xml",),
    "people": ("people+xml",),
}


def _q(ns: str, local: str) -> str:
    return f"{{{ns}}}{local}"


@dataclass(frozen=True)
class Error:
    kind: str  # "schema Office2007", "schema Microsoft365", "package", "structure"
    part: str
    message: str
    where: str = ""  # the SDK's XPath (not part of the signature: it shifts when elements are added)

    @property
    def signature(self) -> tuple[str, str, str]:
        return (self.kind, self.part, self.message)

    def __str__(self) -> str:
        return f"{self.kind} {self.part} {self.where}: {self.message}"


@dataclass
class Checked:
    path: Path
    errors: list[Error] = field(default_factory=list)
    comments: int = 0
    schema: bool = False  # the SDK validated it (False: structure checks only)


# ------------------------------------------------------------------------------------------------
# The Open XML SDK


def _runtime_folder() -> Path | None:
    """The .NET app folder of python-redlines-docxodus, unpacked once into the user's cache."""
    spec = importlib.util.find_spec(RUNTIME_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return None
    archive = Path(list(spec.submodule_search_locations)[0]) / "_binaries" / "linux-x64.tar.gz"
    if not archive.is_file():
        return None
    stat = archive.stat()
    stamp = hashlib.sha256(f"{archive}:{stat.st_size}:{stat.st_mtime}".encode()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    target = cache / "nianbao-checker-tests" / f"dotnet-{stamp}"
    if not (target / ".complete").exists():
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
        (target / ".complete").write_text("ok")
    return target


class Sdk:
    """DocumentFormat.OpenXml's validator on the borrowed runtime, one validator per schema version."""

    def __init__(self, folder: Path) -> None:
        configs = sorted(folder.glob("*.runtimeconfig.json"))
        if not configs or not (folder / "DocumentFormat.OpenXml.dll").is_file():
            raise RuntimeError(f"{folder} holds no .NET app with DocumentFormat.OpenXml.dll")
        entry = folder / (configs[0].name[: -len(".runtimeconfig.json")] + ".dll")
        from clr_loader import get_coreclr
        from pythonnet import set_runtime

        set_runtime(get_coreclr(entry_dll=str(entry), dotnet_root=str(folder)))
        import clr

        clr.AddReference("DocumentFormat.OpenXml")
        if (folder / "DocumentFormat.OpenXml.Framework.dll").is_file():
            clr.AddReference("DocumentFormat.OpenXml.Framework")
        import System
        from DocumentFormat.OpenXml import FileFormatVersions
        from DocumentFormat.OpenXml.Packaging import SpreadsheetDocument, WordprocessingDocument
        from DocumentFormat.OpenXml.Validation import OpenXmlValidator

        self.validators = {}
        for version in SCHEMA_VERSIONS:
            validator = OpenXmlValidator(getattr(FileFormatVersions, version))
            validator.MaxNumberOfErrors = 0  # every error
            self.validators[version] = validator
        self.openers = {"word": WordprocessingDocument, "sheet": SpreadsheetDocument}
        assembly = System.Reflection.Assembly.GetAssembly(OpenXmlValidator)
        self.name = (
            f"DocumentFormat.OpenXml {assembly.GetName().Version} on .NET {System.Environment.Version}"
        )

    def validate(self, path: Path, family: str) -> list[Error]:
        errors: list[Error] = []
        try:
            document = self.openers[family].Open(str(path), False)
        except Exception as exc:  # the SDK refuses the package outright
            return [Error("package", "/", " ".join(f"{type(exc).__name__}: {exc}".split()))]
        try:
            for version, validator in self.validators.items():
                for found in validator.Validate(document):
                    part = str(found.Part.Uri) if found.Part is not None else "/"
                    where = str(found.Path.XPath) if found.Path is not None else ""
                    errors.append(Error(f"schema {version}", part, str(found.Description), where))
        finally:
            document.Dispose()
        return errors


def sdk_unavailable() -> str | None:
    """Why the schema validation cannot run here, or None when it can."""
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        return f"the Open XML SDK validator runs from a linux-x64 runtime; this is {sys.platform} {platform.machine()}"
    for module, package in (("pythonnet", "pythonnet"), (RUNTIME_PACKAGE, "python-redlines-docxodus")):
        if importlib.util.find_spec(module) is None:
            return f"{package} is not installed (pip install -e '.[dev]')"
    validator = sdk()
    return validator.failure if validator is not None else "the validator process did not start"


class SdkProcess:
    """The SDK in a process of its own, started once per test session and kept: .NET takes a while to
    start, and a test process that has started .NET must not fork (tests that fork their workers would
    hang in the child). One JSON line per file each way."""

    def __init__(self) -> None:
        root = Path(__file__).resolve().parents[1]
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                f"import sys; sys.path.insert(0, {str(root)!r}); import tests.ooxml_validator as v; v.serve()",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            encoding="utf-8",
            cwd=root,
        )
        hello = self._read()
        self.failure: str | None = hello.get("failed")
        self.name: str = hello.get("ready", "")
        atexit.register(self.close)

    def _read(self) -> dict:
        line = self.process.stdout.readline() if self.process.stdout else ""
        return json.loads(line) if line else {"failed": "the validator process ended"}

    def validate(self, path: Path, family: str) -> list[Error]:
        if self.failure:
            return []
        self.process.stdin.write(json.dumps({"path": str(path), "family": family}) + "\n")
        self.process.stdin.flush()
        reply = self._read()
        if "failed" in reply:
            self.failure = reply["failed"]
            return [Error("package", "/", f"the validator failed: {reply['failed']}")]
        return [Error(*fields) for fields in reply["errors"]]

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()


def serve() -> None:
    """The validator process: start the SDK, then validate each file named on stdin."""
    out = sys.stdout
    try:
        folder = _runtime_folder()
        if folder is None:
            raise RuntimeError(f"{RUNTIME_PACKAGE} carries no linux-x64 runtime")
        validator = Sdk(folder)
    except Exception as exc:  # a runtime that does not start is a skip with its reason, not a crash
        out.write(
            json.dumps({"failed": f"the Open XML SDK did not start: {type(exc).__name__}: {exc}"}) + "\n"
        )
        out.flush()
        return
    out.write(json.dumps({"ready": validator.name}) + "\n")
    out.flush()
    for line in sys.stdin:
        request = json.loads(line)
        try:
            errors = validator.validate(Path(request["path"]), request["family"])
            reply = {"errors": [[e.kind, e.part, e.message, e.where] for e in errors]}
        except Exception as exc:
            reply = {"failed": f"{type(exc).__name__}: {exc}"}
        out.write(json.dumps(reply, ensure_ascii=False) + "\n")
        out.flush()


@lru_cache(maxsize=1)
def sdk() -> SdkProcess | None:
    """The validator process, started once; None where the platform has no runtime for it."""
    if sys.platform != "linux" or platform.machine() not in ("x86_64", "AMD64"):
        return None
    if any(importlib.util.find_spec(m) is None for m in ("pythonnet", RUNTIME_PACKAGE)):
        return None
    return SdkProcess()


# ------------------------------------------------------------------------------------------------
# The package and its parts


def _resolve(source: str, target: str) -> str:
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target)).lstrip("/")


def _rels_source(name: str) -> str:
    folder, base = posixpath.split(name)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")]) if base != ".rels" else ""


def _check_package(parts: dict[str, bytes], errors: list[Error]) -> dict[str, list[tuple[str, str]]]:
    """Content types and relationships; {source part: [(type, target part)]}."""
    if "[Content_Types].xml" not in parts:
        errors.append(Error("structure", "/[Content_Types].xml", "missing"))
        return {}
    types = etree.fromstring(parts["[Content_Types].xml"])
    defaults = {
        d.get("Extension", "").lower(): d.get("ContentType", "") for d in types.iter(_q(CT, "Default"))
    }
    overrides = {
        o.get("PartName", "").lower(): o.get("ContentType", "") for o in types.iter(_q(CT, "Override"))
    }

    def content_type(name: str) -> str:
        extension = name.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(name) else ""
        return overrides.get("/" + name.lower()) or defaults.get(extension, "")

    for name in parts:
        if name != "[Content_Types].xml" and not content_type(name):
            errors.append(Error("structure", "/" + name, "no content type in [Content_Types].xml"))
    rels: dict[str, list[tuple[str, str]]] = {}
    for name, data in parts.items():
        if not name.endswith(".rels"):
            continue
        source = _rels_source(name)
        ids = Counter()
        found = []
        for r in etree.fromstring(data).iter(_q(REL, "Relationship")):
            ids[r.get("Id")] += 1
            if r.get("TargetMode") == "External":
                continue
            target = _resolve(source, r.get("Target", ""))
            found.append((r.get("Type", ""), target))
            if target not in parts:
                errors.append(
                    Error("structure", "/" + name, f"relationship {r.get('Id')} points at missing /{target}")
                )
                continue
            endings = CONTENT_TYPE_ENDINGS.get(r.get("Type", "").rsplit("/", 1)[-1])
            if endings and not content_type(target).endswith(endings):
                errors.append(
                    Error(
                        "structure",
                        "/" + target,
                        f"no content type for its relationship (has {content_type(target)!r})",
                    )
                )
        errors.extend(
            Error("structure", "/" + name, f"relationship id {rid} used {n} times")
            for rid, n in ids.items()
            if n > 1
        )
        rels[source] = found
    return rels


def _related(rels: dict[str, list[tuple[str, str]]], source: str, kind: str) -> list[str]:
    return [target for rel_type, target in rels.get(source, []) if rel_type == RT + kind or rel_type == kind]


def _last_block(container: etree._Element) -> etree._Element | None:
    """The last block-level child of a w:tc, looking into content controls."""
    skipped = {_q(W, "tcPr"), _q(W, "sdtPr"), _q(W, "sdtEndPr"), _q(W, "bookmarkEnd"), _q(W, "bookmarkStart")}
    skipped |= {_q(W, "commentRangeStart"), _q(W, "commentRangeEnd"), _q(W, "permEnd"), _q(W, "proofErr")}
    blocks = [c for c in container if isinstance(c.tag, str) and c.tag not in skipped]
    if not blocks:
        return None
    last = blocks[-1]
    if last.tag == _q(W, "sdt"):
        content = last.find(_q(W, "sdtContent"))
        return _last_block(content) if content is not None else None
    if last.tag == _q(W, "customXml"):
        return _last_block(last)
    return last


def _check_word(parts: dict[str, bytes], rels: dict, errors: list[Error]) -> int:
    """Comments and table cells; the number of comments."""
    main = next(iter(_related(rels, "", MAIN_DOCUMENT)), None)
    if main is None or main not in parts:
        errors.append(Error("structure", "/_rels/.rels", "no main document"))
        return 0
    stories = [main] + [
        t for kind in ("header", "footer", "footnotes", "endnotes") for t in _related(rels, main, kind)
    ]
    roots = {name: etree.fromstring(parts[name]) for name in stories if name in parts}
    comment_parts = [name for name in _related(rels, main, "comments") if name in parts]
    comment_ids: Counter = Counter()
    for name in comment_parts:
        for comment in etree.fromstring(parts[name]).iter(_q(W, "comment")):
            comment_ids[comment.get(_q(W, "id"))] += 1
            if comment.find(_q(W, "p")) is None:
                errors.append(
                    Error("structure", "/" + name, f"comment {comment.get(_q(W, 'id'))} has no paragraph")
                )
    for name in parts:
        if posixpath.basename(name) == "comments.xml" and name not in comment_parts:
            errors.append(Error("structure", "/" + name, "comments part not related from the main document"))
    errors.extend(
        Error("structure", "/word/comments.xml", f"comment id {cid} used {n} times")
        for cid, n in comment_ids.items()
        if n > 1
    )
    markers: dict[str, dict[str, list[tuple[str, int]]]] = {}
    tags = [_q(W, tag) for tag in ("commentRangeStart", "commentRangeEnd", "commentReference")]
    for story, root in roots.items():
        for position, element in enumerate(root.iter(*tags)):
            kind = etree.QName(element).localname
            markers.setdefault(element.get(_q(W, "id")), {}).setdefault(kind, []).append((story, position))
        bad_cells = sum(
            1 for tc in root.iter(_q(W, "tc")) if (last := _last_block(tc)) is None or last.tag != _q(W, "p")
        )
        if bad_cells:
            errors.append(
                Error("structure", "/" + story, f"{bad_cells} table cells do not end with a paragraph")
            )
    for cid, kinds in markers.items():
        if cid not in comment_ids:
            errors.append(
                Error("structure", "/" + main, f"comment markers for id {cid}, which no comment has")
            )
            continue
        starts, ends, refs = (
            kinds.get(k, []) for k in ("commentRangeStart", "commentRangeEnd", "commentReference")
        )
        if len(refs) != 1:
            errors.append(
                Error("structure", "/" + main, f"comment {cid} has {len(refs)} commentReference elements")
            )
        if len(starts) > 1 or len(ends) > 1 or len(starts) != len(ends):
            errors.append(
                Error("structure", "/" + main, f"comment {cid}: {len(starts)} range starts, {len(ends)} ends")
            )
        elif starts and (starts[0][0] != ends[0][0] or starts[0][1] > ends[0][1]):
            errors.append(
                Error(
                    "structure",
                    "/" + main,
                    f"comment {cid}: the range does not start before it ends in one part",
                )
            )
    for cid in comment_ids:
        if cid not in markers:
            errors.append(Error("structure", "/word/comments.xml", f"comment {cid} is anchored nowhere"))
    return sum(comment_ids.values())


def _check_sheet(parts: dict[str, bytes], rels: dict, errors: list[Error]) -> None:
    main = next(iter(_related(rels, "", MAIN_DOCUMENT)), None)
    if main is None or main not in parts:
        errors.append(Error("structure", "/_rels/.rels", "no workbook part"))
        return
    names = [sheet.get("name", "") for sheet in etree.fromstring(parts[main]).iter(_q(S, "sheet"))]
    for name in names:
        if not 1 <= len(name) <= 31 or any(c in name for c in "[]:*?/\\"):
            errors.append(Error("structure", "/" + main, f"sheet name {name!r} is not one Excel accepts"))
    if len({n.casefold() for n in names}) != len(names):
        errors.append(Error("structure", "/" + main, "two sheets share a name"))


def _family(parts: dict[str, bytes]) -> str | None:
    types = parts.get("[Content_Types].xml", b"")
    if b"wordprocessingml.document.main" in types:
        return "word"
    if b"spreadsheetml.sheet.main" in types:
        return "sheet"
    return None


def check(path: str | Path, use_sdk: bool = True) -> Checked:
    """Every error of one .docx or .xlsx (schema errors only where the SDK runs here)."""
    path = Path(path)
    checked = Checked(path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            parts = {name: archive.read(name) for name in names if not name.endswith("/")}
    except (zipfile.BadZipFile, OSError) as exc:
        checked.errors.append(Error("package", "/", f"not a zip package: {exc}"))
        return checked
    checked.errors.extend(
        Error("structure", "/" + n, f"zip entry {c} times") for n, c in Counter(names).items() if c > 1
    )
    try:
        rels = _check_package(parts, checked.errors)
        family = _family(parts)
        if family == "word":
            checked.comments = _check_word(parts, rels, checked.errors)
        elif family == "sheet":
            _check_sheet(parts, rels, checked.errors)
        else:
            checked.errors.append(
                Error("package", "/[Content_Types].xml", "neither a Word document nor a workbook")
            )
            return checked
    except etree.XMLSyntaxError as exc:
        checked.errors.append(Error("structure", "/", f"a part is not well-formed XML: {exc}"))
        return checked
    validator = sdk() if use_sdk else None
    if validator is not None and not validator.failure:
        checked.errors.extend(validator.validate(path, family))
        checked.schema = True
    return checked


@lru_cache(maxsize=256)
def _baseline(path: str, size: int, mtime: float) -> Counter:
    return Counter(error.signature for error in check(path).errors)


def added_errors(output: str | Path, original: str | Path | None = None) -> Checked:
    """`check(output)`, less the errors its input already had (an annotated DOCX keeps the author's)."""
    checked = check(output)
    if original is None or Path(original).suffix.lower() != ".docx" or not Path(original).is_file():
        return checked
    stat = Path(original).stat()
    left = Counter(_baseline(str(original), stat.st_size, stat.st_mtime))
    kept = []
    for error in checked.errors:
        if left[error.signature] > 0:
            left[error.signature] -= 1
        else:
            kept.append(error)
    checked.errors = kept
    return checked
