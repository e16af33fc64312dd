"""The invitation fagvei drafts for a concern conversation or a clarification meeting
(seed 004: "Innkalling til samtale"; the participant "oppfordres til å ta med en person
kandidaten har tillit til").

The draft is addressed to the participant, in Norwegian whatever the reader's language,
and may be copied into an e-mail or a letter: it says who invites, when and where, who
else is invited from fagvei, and that the participant may bring a person they trust. It
never holds a category, the description or minutes of the concern, nor the kind of
meeting — it goes by the neutral title (``followup.models.NEUTRAL_TITLE``). The others
invited as text lines (NAV, PPT, the GP …) are left out too: in an e-mail their names
could tell why the meeting is held.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from fagvei.followup.models import NEUTRAL_TITLE

# The language the invitation is written in (the participant's, seed 004).
LANGUAGE = "nb"


@dataclass(frozen=True)
class Invitation:
    subject: str
    body: str


def draft_invitation(meeting: Any, *, participant: Any, invited: list[Any]) -> Invitation:
    """The invitation to ``meeting`` (a concern meeting, ``scheduled_by`` loaded) for
    ``participant`` (a Person); ``invited`` are the other persons invited."""
    with translation.override(LANGUAGE):
        starts = timezone.localtime(meeting.starts_at)
        inviter = meeting.scheduled_by.display_name
        lines = [
            _("Dear %(name)s,") % {"name": participant.first_name},
            "",
            _("%(inviter)s invites you to a meeting about your apprenticeship on %(date)s at %(time)s.")
            % {
                "inviter": inviter,
                "date": formats.date_format(starts, "DATE_FORMAT"),
                "time": formats.time_format(starts, "TIME_FORMAT"),
            },
            _("Place: %(place)s.") % {"place": meeting.place},
        ]
        others = [p.full_name for p in invited if p.pk != participant.pk]
        if others:
            lines.append(_("Also invited: %(names)s.") % {"names": ", ".join(others)})
        lines += [
            "",
            # seed 004: "Kandidat oppfordres til å ta med en person kandidaten har tillit til."
            _("You may bring a person you trust to the meeting."),
            "",
            _("If the time does not suit you, please tell %(inviter)s as soon as possible.") % {"inviter": inviter},
            "",
            _("Kind regards"),
            inviter,
        ]
        return Invitation(subject=str(NEUTRAL_TITLE), body="\n".join(lines))
