"""One export, driven through the window's runner: a Word copy per report, then the workbook.

Each report is its own task, so the window can show a progress bar while a large batch exports and
one report that fails is listed as skipped (with the reason) instead of costing the others.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from app.core.batch.roster import RosterLine
from app.core.model import Result
from app.core.packs import Pack
from app.core.session.reread import FileChanged
from app.core.session.rounds import RoundNote
from app.ui.jobs import (
    ExportedCopy,
    ExportJob,
    ExportSummary,
    export_failure_reason,
    export_one,
    export_workbook,
    plan_export,
    prepare_folder,
)
from app.ui.workers import TaskRunner


class ExportRun(QObject):
    progress = Signal(int, int)  # done, total
    finished = Signal(object)  # ExportSummary, or the exception that stopped the export
    file_changed = Signal(object)  # the fresh (compact) Result of a report whose file changed

    def __init__(
        self,
        runner: TaskRunner,
        results: list[Result],
        folder: Path,
        reviewer: str,
        dismissed: Mapping[str, Mapping[int, str]],
        parent: QObject | None = None,
        show_dismissed: bool = False,
        pack: Pack | None = None,
        confirmed: Mapping[str, Collection[int]] | None = None,
        rounds: Mapping[str, RoundNote] | None = None,
        roster: list[RosterLine] | None = None,
    ) -> None:
        super().__init__(parent)
        self._runner = runner
        self._results = results
        self._folder = folder
        self._reviewer = reviewer
        self._dismissed = dismissed
        self._show_dismissed = show_dismissed
        self._confirmed = confirmed or {}  # path -> the findings found 属实 (the workbook's 处理)
        self._pack = pack  # a report whose file changed is checked again under it
        self._rounds = rounds or {}  # path -> its round of review (第N次检查 line, 本轮 column)
        self._roster = roster  # the roster's units matched to the reports: the 报送情况 sheet
        self._jobs: list[ExportJob] = []
        self._written: dict[int, Path] = {}
        self._read_again: dict[str, Result] = {}  # path -> the report as the export read it
        self._changed: set[str] = set()  # paths whose file changed since the check
        self._summary = ExportSummary(folder)
        self._done = 0

    @property
    def total(self) -> int:
        return len(self._jobs) + 1  # the workbook is the last step

    def start(self) -> None:
        try:
            prepare_folder(self._folder)
            self._jobs, self._summary.skipped = plan_export(self._results, self._folder)
        except OSError as error:
            self.finished.emit(error)
            return
        self.progress.emit(0, self.total)
        if not self._jobs:
            self._write_workbook()
        for number, job in enumerate(self._jobs):
            self._runner.submit(
                export_one,
                job,
                self._reviewer,
                self._dismissed.get(job.result.path, {}),
                self._show_dismissed,
                self._pack,
                self._rounds[job.result.path].summary if job.result.path in self._rounds else "",
                on_done=lambda copy, number=number: self._on_report(number, copy, None),
                on_error=lambda error, number=number: self._on_report(number, None, error),
                isolated=True,  # each report is read again: in a worker process, as a check is
            )

    def _on_report(self, number: int, copy: ExportedCopy | None, error: BaseException | None) -> None:
        job = self._jobs[number]
        if isinstance(error, FileChanged):
            # The workbook lists the file as it is now, never the old findings.
            self._read_again[job.result.path] = error.fresh
            self._changed.add(job.result.path)
            self.file_changed.emit(error.fresh)
        if copy is not None:
            path = copy.path
            self._read_again[job.result.path] = replace(job.result, cells=copy.cells)
            self._written[number] = path
            if path.name != job.target.name:
                self._summary.renamed.append(path)
        else:
            self._summary.skipped.append((Path(job.result.path).name, export_failure_reason(error)))
        self._done += 1
        self.progress.emit(self._done, self.total)
        if self._done == len(self._jobs):
            if not self._written and isinstance(error, OSError) and not isinstance(error, FileChanged):
                self.finished.emit(error)  # the folder itself failed: nothing was written
                return
            self._write_workbook()

    def _write_workbook(self) -> None:
        results = [self._read_again.get(result.path, result) for result in self._results]
        # A changed file was checked again: the decisions on its old findings do not number the new ones.
        dismissed = {path: reasons for path, reasons in self._dismissed.items() if path not in self._changed}
        confirmed = {path: found for path, found in self._confirmed.items() if path not in self._changed}
        rounds = {path: note for path, note in self._rounds.items() if path not in self._changed}
        self._runner.submit(
            export_workbook,
            results,
            self._folder,
            dismissed,
            confirmed,
            rounds,
            self._roster,
            on_done=self._on_workbook,
            on_error=self.finished.emit,
        )

    def _on_workbook(self, written: tuple[Path, bool]) -> None:
        path, renamed = written
        self._summary.written = [self._written[n] for n in sorted(self._written)] + [path]
        if renamed:
            self._summary.renamed.append(path)
        self.progress.emit(self.total, self.total)
        self.finished.emit(self._summary)
