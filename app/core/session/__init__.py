"""The review session, without Qt: the reports under review, their compact results, the reviewer's
decisions per finding, the batch pass across reports, and the review file that keeps them.

- `state`: `FindingState` (a decision keyed by rule + place) and `match_states` (decisions follow their
  findings through a re-check);
- `entry`: `Entry` (one report) and its `Status`;
- `session`: `ReviewSession`, what the window and the command line drive;
- `store`: the review file (SQLite, saved incrementally; older JSON reviews are read too);
- `codec`: a compact result as JSON for the review file;
- `reread`: the document read again for the preview and the exports, refused when the file changed.
"""

from app.core.session.entry import Entry, Status, path_key
from app.core.session.session import ReviewSession
from app.core.session.state import DECISIONS, Decision, FindingState, finding_keys, match_states

__all__ = [
    "DECISIONS",
    "Decision",
    "Entry",
    "FindingState",
    "ReviewSession",
    "Status",
    "finding_keys",
    "match_states",
    "path_key",
]
