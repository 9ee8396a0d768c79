"""The stand-in system DLLs for Wine (packaging/wine_shims.py) are well-formed PE files: pefile reads
their exports back, sorted as the loader's binary search needs, each pointing at its stub or forwarder.
Fast: needs neither Wine nor a build."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

pefile = pytest.importorskip("pefile", reason="pefile is a build dependency (pip install -e .[build])")

ROOT = Path(__file__).resolve().parents[2]


def load_shims():
    spec = importlib.util.spec_from_file_location("nianbao_wine_shims", ROOT / "packaging" / "wine_shims.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


shims = load_shims()


@pytest.mark.parametrize("name", sorted(shims.DLLS))
def test_stand_in_exports_read_back(name):
    exports = shims.DLLS[name]
    pe = pefile.PE(data=shims.build_dll(name, exports))
    assert pe.FILE_HEADER.Machine == 0x8664
    assert pe.is_dll()
    directory = pe.DIRECTORY_ENTRY_EXPORT
    assert pe.get_string_at_rva(directory.struct.Name) == name.encode()
    symbols = directory.symbols
    names = [symbol.name for symbol in symbols]
    assert names == sorted(names) and {n.decode() for n in names} == set(exports)
    for symbol in symbols:
        target = exports[symbol.name.decode()]
        if isinstance(target, str):
            assert symbol.forwarder == target.encode()
        else:
            assert symbol.forwarder is None
            assert pe.get_data(symbol.address, len(target)) == target


def test_install_keeps_a_real_dll(tmp_path):
    real = tmp_path / "icuuc.dll"
    real.write_bytes(b"MZ" + bytes(100_000))
    written = shims.install(tmp_path)
    assert real.read_bytes() == b"MZ" + bytes(100_000)
    assert [path.name for path in written] == ["bcryptprimitives.dll"]
    assert shims.install(tmp_path) == written  # idempotent
