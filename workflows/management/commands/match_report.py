"""``manage.py match_report``: the "already checked" matches editors kept against those they marked as wrong,
per score band, and the thresholds that would have avoided the wrong ones (``workflows.match_tuning``)."""

from django.core.management.base import BaseCommand, CommandError

from factcheck.extraction import MATCH_THRESHOLD
from workflows import match_tuning


def _percent(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 100:
        raise ValueError(value)
    return number / 100


class Command(BaseCommand):
    help = (
        "How many matches were marked as wrong per score band, and the threshold that would have avoided "
        "them while keeping the matches editors kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--keep", type=str, default="95", help="Keep at least this percent of the kept matches (default 95)."
        )
        parser.add_argument(
            "--avoid", type=str, default="80", help="Avoid at least this percent of the wrong matches (default 80)."
        )
        parser.add_argument("--band", type=str, default="0.1", help="Width of a score band (default 0.1).")

    def handle(self, *args, keep, avoid, band, **options):
        try:
            keep, avoid = _percent(keep), _percent(avoid)
        except ValueError:
            raise CommandError("--keep and --avoid are percentages from 0 to 100, e.g. --keep 95.") from None
        try:
            width = float(band)
            if not 0.01 <= width <= 1:
                raise ValueError(band)
        except ValueError:
            raise CommandError("--band is a score width from 0.01 to 1, e.g. --band 0.05.") from None
        scores = match_tuning.match_scores()
        out = self.stdout.write
        out(
            f'Archive matches ("already checked"): {len(scores.kept)} kept, {len(scores.dismissed)} marked as '
            f"wrong; the threshold is now {MATCH_THRESHOLD:.2f}."
        )
        rows = match_tuning.bands(scores, width=width)
        if rows:
            out(f"{'score band':<13}{'kept':>7}{'wrong':>7}{'wrong %':>9}")
            for row in rows:
                out(f"{row.low:.2f}–{row.high:.2f}{'':<4}{row.kept:>7}{row.dismissed:>7}{row.dismissed_share:>9.1%}")
        if scores.unscored_dismissals:
            out(
                f"{scores.unscored_dismissals} cluster match(es) marked as wrong: clusters keep no score, so they "
                "are counted here only."
            )
        if not scores.dismissed:
            out("No scored match has been marked as wrong yet: nothing to tune.")
            return
        kept_cut = match_tuning.cut_keeping(scores, keep=keep)
        if kept_cut is not None:
            out(
                f"Keeping at least {keep:.0%} of the kept matches: a threshold of {kept_cut.threshold:.4f} would have "
                f"avoided {kept_cut.avoided_share:.1%} of the wrong ones ({kept_cut.avoided} of "
                f"{kept_cut.dismissed_total}) and kept {kept_cut.kept_share:.1%} ({kept_cut.kept} of "
                f"{kept_cut.kept_total})."
            )
        avoid_cut = match_tuning.cut_avoiding(scores, avoid=avoid)
        if avoid_cut is not None:
            out(
                f"Avoiding at least {avoid:.0%} of the wrong matches: a threshold of {avoid_cut.threshold:.4f} would "
                f"have avoided {avoid_cut.avoided_share:.1%} ({avoid_cut.avoided} of {avoid_cut.dismissed_total}) "
                f"and kept {avoid_cut.kept_share:.1%} of the kept ones ({avoid_cut.kept} of "
                f"{avoid_cut.kept_total})."
            )
