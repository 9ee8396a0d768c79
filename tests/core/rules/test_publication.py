"""The publication date of a saved web page against the deadline for the body's kind (C507), and the
preamble's period, basis and contact (C508, C509, C516) on generated pages and the real corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.core.check import check_file
from app.core.packs import load_pack, pack_dir
from app.core.readers.html_reader import read_html
from app.core.rules.preamble import body_kind
from tests.fixtures.html_pages import make_report
from tests.fixtures.published_pages import SITE_SYSTEMS, platform_page

REAL = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus" / "real" / "files"


def _page(tmp_path: Path, system: str, body: str, published: date) -> Path:
    path = tmp_path / f"{system}.html"
    path.write_text(SITE_SYSTEMS[system](make_report(body=body, year=2023), published), encoding="utf-8")
    return path


@pytest.mark.parametrize("system", SITE_SYSTEMS)
def test_the_page_s_own_publication_day_is_read(tmp_path: Path, system: str) -> None:
    path = _page(tmp_path, system, "示例县教育局", date(2024, 2, 5))
    assert read_html(path).published == date(2024, 2, 5)


def test_the_day_the_report_was_signed_is_not_its_publication(tmp_path: Path) -> None:
    path = tmp_path / "p.html"
    page = platform_page(make_report(body="示例县教育局"), date(2024, 1, 30))
    path.write_text(page.replace("发布日期", "生效日期"), encoding="utf-8")  # only 成文日期 left
    assert read_html(path).published is None


@pytest.mark.parametrize("system", SITE_SYSTEMS)
@pytest.mark.parametrize(
    ("body", "published", "late"),
    [
        ("示例县教育局", date(2024, 1, 31), False),  # a department: by 1月31日
        ("示例县教育局", date(2024, 2, 5), True),
        ("示例县人民政府", date(2024, 3, 31), False),  # a government's own report: by 3月31日
        ("示例县人民政府", date(2024, 4, 2), True),
        ("示例县城关镇人民政府", date(2024, 6, 1), False),  # a township: no national deadline
    ],
)
def test_a_report_published_late_is_a_warning(
    tmp_path: Path, system: str, body: str, published: date, late: bool
) -> None:
    result = check_file(_page(tmp_path, system, body, published))
    assert result.error is None and result.year == 2023
    found = [f for f in result.findings if f.rule == "C507"]
    assert bool(found) == late
    if late:
        (finding,) = found
        assert finding.severity == "warning" and finding.found == published.isoformat()
        assert finding.expected in ("2024-01-31", "2024-03-31")
        assert "第四十九条" in finding.message and finding.location


def test_a_township_deadline_comes_from_the_pack(tmp_path: Path) -> None:
    path = _page(tmp_path, "cms", "示例县城关镇人民政府", date(2024, 3, 8))
    local = check_file(path, load_pack(pack_dir() / "example-province.json"))
    (finding,) = [f for f in local.findings if f.rule == "C507"]
    assert finding.expected == "2024-02-28" and "本地规定" in finding.message
    assert not [f for f in check_file(path).findings if f.rule == "C507"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("淮安市洪泽区人民政府", "government"),
        ("洪泽区人民政府办公室", "government"),
        ("平潭综合实验区", "government"),
        ("遂平县科技和工业信息化局", "department"),
        ("北京市市场监督管理局", "department"),
        ("示例县城关镇人民政府", "township"),
        ("示例区东城街道办事处", "township"),
        ("示例经济开发区管委会", None),
        (None, None),
    ],
)
def test_the_kind_of_body_from_its_name(name: str | None, kind: str | None) -> None:
    assert body_kind(name) == kind


def test_generated_pages_state_period_basis_and_contact_where_the_report_does(tmp_path: Path) -> None:
    result = check_file(_page(tmp_path, "cms", "示例县教育局", date(2024, 1, 20)))
    rules = {f.rule for f in result.findings}
    # the generated report states its basis and period but gives no contact
    assert "C508" not in rules and "C509" not in rules and "C516" in rules


@pytest.mark.parametrize("name", ["pingtan-2023.html", "hongze-2024.pdf"])
def test_real_reports_stating_their_preamble_get_no_preamble_finding(name: str) -> None:
    path = REAL / name
    if not path.exists():
        pytest.skip("the real corpus (../shared/corpus/real) is not here")
    result = check_file(path)
    assert not [f for f in result.findings if f.rule in ("C507", "C508", "C509")]
