"""Makes a smaller ICU data library for the Linux bundle: Chinese and English only.

PySide6's Linux wheels link Qt against ICU 73, whose data library (libicudata.so.73) holds the locale,
collation, converter and time-zone data of every language: 32 MB, a fifth of the bundle. Qt needs
only a little of it here (Chinese and English locale data, Chinese collation, word and line breaking
with the Chinese dictionary, the Chinese code pages). This module copies the data package out of the
library, removes the other languages' items with ICU's `icupkg` and links the rest into a library of
the same name and symbol (`icudt73_dat`) with the C compiler.

    python packaging/trim_icu.py SOURCE_LIBICUDATA OUT_DIR   # writes OUT_DIR/libicudata.so.NN

Needs `icupkg` (Debian/Ubuntu: icu-devtools) and `cc` (gcc) at build time; without them, or on any
failure, `trimmed_icudata()` returns None and the spec keeps the full library. Windows bundles have no
ICU (Qt uses the system's), so this is Linux only.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

# Locale-named items kept, by language: root and the index, English, every Chinese variant.
KEEP_LANGUAGES = {"root", "res_index", "pool", "en", "zh"}
LOCALE_ITEM = re.compile(r"^(?P<lang>[a-z]{2,3}|root|res_index)(_[A-Za-z0-9]+)*\.res$")
# Converter tables kept whatever their size: the Chinese code pages (GBK, GB 18030, GB 2312, Big5).
KEEP_CONVERTERS = re.compile(
    r"gb18030|ibm-1386|ibm-5478|ibm-1383|windows-936|windows-950|ibm-950|ibm-1373|euc-tw"
)
LARGE_CONVERTER = (
    20_000  # bytes: the multi-byte tables (Japanese, Korean, EBCDIC DBCS); one-byte ones are small
)
# Trees Qt never opens, and word-break dictionaries of other scripts.
DROP_TREES = {"translit", "rbnf"}
DROP_ITEMS = re.compile(r"^brkitr/(burmese|khmer|lao|thai)dict\.dict$")


def _elf_symbol(library: Path) -> tuple[str, int, int]:
    """(name, file offset, size) of the icudtNN_dat symbol."""
    symbols = subprocess.run(
        ["nm", "-D", "-S", "--defined-only", str(library)], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(r"^([0-9a-f]+) ([0-9a-f]+) R (icudt\d+_dat)$", symbols, re.MULTILINE)
    if not match:
        raise RuntimeError(f"no icudtNN_dat symbol in {library}")
    address, size, name = int(match.group(1), 16), int(match.group(2), 16), match.group(3)
    sections = subprocess.run(
        ["readelf", "-S", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[1] == ".rodata":
            section_address, section_offset = int(fields[3], 16), int(fields[4], 16)
            return name, address - section_address + section_offset, size
    raise RuntimeError(f"no .rodata section in {library}")


def items_to_remove(items: list[str], sizes: dict[str, int]) -> list[str]:
    remove = []
    for item in items:
        tree, _, name = item.rpartition("/")
        if tree in DROP_TREES and name not in ("root.res", "res_index.res", "pool.res"):
            remove.append(item)
        elif DROP_ITEMS.match(item):
            remove.append(item)
        elif (match := LOCALE_ITEM.match(name)) and match.group("lang") not in KEEP_LANGUAGES:
            remove.append(item)
        elif (
            name.endswith(".cnv")
            and sizes.get(item, 0) > LARGE_CONVERTER
            and not KEEP_CONVERTERS.search(name)
        ):
            remove.append(item)
    return remove


def _remove_items(icupkg: str, full: Path, trimmed: Path, remove: set[str], remove_list: Path) -> None:
    """icupkg -r, settling dependencies: an item that needs a removed one goes too, unless it is a root
    (root.res, res_index.res, pool.res), in which case what it needs stays."""
    dependency = re.compile(r"^Item (\S+) depends on missing item (\S+)$", re.MULTILINE)
    for _ in range(10):
        remove_list.write_text("\n".join(sorted(remove)) + "\n", encoding="ascii")
        done = subprocess.run(
            [icupkg, "-r", str(remove_list), str(full), str(trimmed)], capture_output=True, text=True
        )
        if done.returncode == 0:
            return
        missing = dependency.findall(done.stderr + done.stdout)
        if not missing:
            raise RuntimeError(f"icupkg -r failed: {done.stderr.strip()}")
        for item, needed in missing:
            if item.rpartition("/")[2] in ("root.res", "res_index.res", "pool.res"):
                remove.discard(needed)
            else:
                remove.add(item)
    raise RuntimeError("icupkg -r: dependencies did not settle")


def trimmed_icudata(source: Path, out_dir: Path) -> Path | None:
    """Writes out_dir/<source's name>, the trimmed library, and returns it; None if that cannot be done."""
    icupkg, cc = shutil.which("icupkg"), shutil.which("cc") or shutil.which("gcc")
    if not sys.platform.startswith("linux") or not icupkg or not cc or not shutil.which("nm"):
        return None
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / source.name
    if target.is_file() and target.stat().st_mtime > source.stat().st_mtime:
        return target
    try:
        symbol, offset, size = _elf_symbol(source)
        with source.open("rb") as library:
            library.seek(offset)
            package = library.read(size)
        # icupkg names the package after its output file, and ICU looks items up as icudt73l/<item>:
        # the trimmed package must keep the name, so it goes into a folder of its own.
        package_name = f"{symbol[: -len('_dat')]}l.dat"  # icudt73l.dat (l: little-endian)
        full, trimmed = out_dir / package_name, out_dir / "trimmed" / package_name
        trimmed.parent.mkdir(exist_ok=True)
        full.write_bytes(package)
        items = subprocess.run([icupkg, "-l", str(full)], capture_output=True, text=True, check=True).stdout
        items = [line.strip() for line in items.splitlines() if line.strip()]
        extracted = out_dir / "items"
        shutil.rmtree(extracted, ignore_errors=True)
        extracted.mkdir()
        subprocess.run([icupkg, "-x", "*", "-d", str(extracted), str(full)], capture_output=True, check=True)
        sizes = {item: (extracted / item).stat().st_size for item in items if (extracted / item).is_file()}
        shutil.rmtree(extracted, ignore_errors=True)
        _remove_items(icupkg, full, trimmed, set(items_to_remove(items, sizes)), out_dir / "remove.txt")
        assembly = out_dir / "icudata.S"
        assembly.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n"
            f"\t.type {symbol}, @object\n"
            "\t.balign 16\n"
            f"{symbol}:\n"
            f'\t.incbin "{trimmed.relative_to(out_dir).as_posix()}"\n'
            f"\t.size {symbol}, .-{symbol}\n"
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        partial = out_dir / f"{source.name}.partial"
        subprocess.run(
            [cc, "-shared", "-nostdlib", f"-Wl,-soname,{source.name}", "-o", str(partial), assembly.name],
            cwd=out_dir,
            capture_output=True,
            check=True,
        )
        partial.replace(target)
        full.unlink()
        return target
    except (OSError, RuntimeError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        print(
            f"trim_icu: keeping the full ICU data ({error} {detail.decode(errors='replace')})",
            file=sys.stderr,
        )
        return None


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    result = trimmed_icudata(Path(sys.argv[1]), Path(sys.argv[2]))
    if result is None:
        raise SystemExit("could not trim (needs Linux, icupkg and cc)")
    print(
        f"{result}: {result.stat().st_size / 1e6:.1f} MB (was {Path(sys.argv[1]).stat().st_size / 1e6:.1f} MB)"
    )
