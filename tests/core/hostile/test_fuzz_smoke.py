"""Fuzz smoke test: a few hundred mutants of the corpus (fixed seed) never make `check_file` raise,
and every error it gives is a reader's own message, not an internal error passed through.

The long run (20,000 mutants, with timings) is `bench/bench_fuzz.py`; both build mutants the same way
(`tests/fixtures/mutants.py`), so a failure here names the mutant number to rebuild with
`python bench/bench_fuzz.py --only N`.
"""

from __future__ import annotations

import logging

import pytest

from app.core.check import check_file
from tests.conftest import CORPUS
from tests.fixtures.mutants import corpus_files, is_internal_error, mutant

# Mutants per group: PDFs take several times longer to check, so they get fewer.
MUTANTS = {"txt-docx-xlsx": 400, "pdf": 80}
SEED = 7_000_000


@pytest.mark.parametrize(
    "suffixes",
    [
        pytest.param((".txt", ".docx", ".xlsx"), id="txt-docx-xlsx"),
        pytest.param((".pdf",), id="pdf"),
    ],
)
def test_mutants_never_raise_and_never_pass_an_internal_error_through(request, tmp_path, caplog, suffixes):
    count = MUTANTS[request.node.callspec.id]
    caplog.set_level(logging.CRITICAL)  # readers log what they catch; the assertions below say it all
    files = [path for path in corpus_files(CORPUS / "files") if path.suffix.lower() in suffixes]
    raised: list[tuple[int, str]] = []
    internal: list[tuple[int, str]] = []
    outcomes = {"read": 0, "refused": 0}
    for number in range(SEED, SEED + count):
        case = mutant(files, number)
        path = tmp_path / f"m{number}{case.suffix}"
        path.write_bytes(case.data)
        try:
            result = check_file(path)
        except Exception as error:  # the very thing this test exists to catch
            raised.append((number, f"{case.source.name} {case.mutation}: {error!r}"))
            continue
        finally:
            assert path.read_bytes() == case.data  # the input is never changed
            path.unlink()
        if is_internal_error(result.error):
            internal.append((number, f"{case.source.name} {case.mutation}: {result.error}"))
        outcomes["refused" if result.error else "read"] += 1
    assert raised == []
    assert internal == []
    # The mutants exercise both paths: some survive as readable reports, some are refused.
    assert outcomes["read"] > count // 10 and outcomes["refused"] > count // 10
