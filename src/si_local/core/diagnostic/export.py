"""CSV export of a campaign's answers (UTF-8 with BOM and semicolons: opens as-is in a French
spreadsheet). The file is written to ``name.part`` and renamed at the end."""

from __future__ import annotations

from pathlib import Path

from .. import spreadsheet
from ..errors import UserError
from ..i18n import _
from ..output_file import part_file
from .campaigns import answer_label, answers, get_campaign, questionnaire_of


def export_answers_csv(db, campaign_id: int, path: Path | str) -> int:
    """Write one line per question; returns the number of questions written."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UserError(_("{path}: the folder does not exist.").format(path=path.parent))
    get_campaign(db, campaign_id)  # a clear message when the campaign does not exist
    q = questionnaire_of(db, campaign_id)
    given = answers(db, campaign_id)
    header = [_("Question"), _("Dimension"), _("Theme"), _("Text"), _("Weight"), _("Core"),
              _("Answer"), _("Level"), _("Comment"), _("Evidence"), _("To review"),
              _("Proposed from the registry")]
    count = 0
    yes, no = _("yes"), _("no")
    with part_file(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as handle:
        writer = spreadsheet.writer(handle, delimiter=";")
        writer.writerow(header)
        for d in q.dimensions:
            for t in d.themes:
                for question in t.questions:
                    a = given.get(question.id)
                    writer.writerow([
                        question.id, d.title, t.title, question.text, question.weight,
                        yes if question.core else no, answer_label(q, a),
                        "" if a is None or a.level is None else a.level,
                        a.comment if a else "", a.evidence if a else "",
                        yes if a and a.to_review else no,
                        yes if a and a.proposed_from_registry else no])
                    count += 1
    return count
