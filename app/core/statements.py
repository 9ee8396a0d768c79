"""Content statements recognised from their meaning-bearing words, not from one phrasing.

A format requires some statements in its sections (`formats.Statement`: the fee statement in 六, the
improvements in 五). Authors write them in many ways — 未收取信息处理费, 未发生收费, 未收取任何费用,
收费0元, 政府信息公开未发生收费情况 — so a statement is made by a sentence holding one of its words,
or a topic word with a negation shortly before it or an amount shortly after it, in the same clause.
Topic words inside
phrases about something else (行政事业性收费, 收费标准) do not count.
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.core.formats import Statement

_SENTENCE_END = re.compile(r"[。；;！!？?\n]")
_CLAUSE_END = re.compile(r"[，,：:]")


def sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_END.split(text) if part.strip()]


def says(statement: Statement, text: str) -> bool:
    """Whether `text` (normalised running text, see `text.normalize_text`) makes the statement."""
    return any(_sentence_says(statement, sentence) for sentence in sentences(text))


def _sentence_says(statement: Statement, sentence: str) -> bool:
    if any(word in sentence for word in statement.words):
        return True
    if not statement.topics:
        return False
    for phrase in statement.not_topics:
        sentence = sentence.replace(phrase, "□" * len(phrase))  # keep offsets, hide the phrase
    before, after = _pattern(statement.before), _pattern(statement.after)
    for topic in statement.topics:
        for match in re.finditer(re.escape(topic), sentence):
            # within the topic's own clause: 「无其他事项，落实收费规定」 is no fee statement
            ahead = _CLAUSE_END.split(sentence[max(0, match.start() - statement.gap) : match.start()])[-1]
            behind = _CLAUSE_END.split(sentence[match.end() : match.end() + statement.gap])[0]
            if (before and before.search(ahead)) or (after and after.search(behind)):
                return True
    return False


@lru_cache(maxsize=64)
def _pattern(expression: str) -> re.Pattern | None:
    return re.compile(expression) if expression else None
