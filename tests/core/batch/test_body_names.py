"""Bodies are matched on a normalised name: ways of writing one body agree, different bodies never do."""

from __future__ import annotations

import pytest

from app.core.batch.bodies import body_key

SAME = [
    ("淮安市洪泽区人民政府", "洪泽区人民政府"),
    ("江苏省淮安市洪泽区人民政府", "洪泽区人民政府"),
    ("洪泽区人民政府办公室", "洪泽区人民政府"),
    ("洪泽区政府", "洪泽区人民政府"),
    ("洪泽区", "洪泽区人民政府"),
    ("平潭综合实验区管委会", "平潭综合实验区"),
    ("福建省平潭综合实验区", "平潭综合实验区"),
    ("标题:平潭综合实验区", "平潭综合实验区"),
    ("驻马店市遂平县科技和工业信息化局", "遂平县科技和工业信息化局"),
    ("遂平县 科技和工业信息化局", "遂平县科技和工业信息化局"),
    ("洪泽區人民政府", "洪泽区人民政府"),
]
DIFFERENT = [
    ("洪泽区人民政府", "洪泽区教育局"),
    ("淮安市人民政府", "洪泽区人民政府"),
    ("北京市市场监督管理局", "上海市市场监督管理局"),
    ("北京市城市管理委员会", "上海市城市管理委员会"),
    ("遂平县科技和工业信息化局", "西平县科技和工业信息化局"),
    ("上海市人民政府", "上海市人民政府办公厅法制处"),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_ways_of_writing_one_body_match(one, other):
    assert body_key(one) is not None
    assert body_key(one) == body_key(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_bodies_do_not_match(one, other):
    assert body_key(one) != body_key(other)


@pytest.mark.parametrize("name", [None, "", "  "])
def test_no_usable_name_gives_none(name):
    assert body_key(name) is None
