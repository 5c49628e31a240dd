"""Small pieces of text that several exports share: the Teams join block, CSV field quoting."""

from __future__ import annotations

import random
import string

from diagnostic.samples.random_tools import guid

RULE = "_" * 80
TENANT_ID = "5d0c7f1e-8a43-4b6e-9f21-3c6a2e1b7d90"  # the fictional council's tenant


def teams_join_block(rng: random.Random) -> str:
    """The block Outlook adds to a Teams meeting's body, with CRLF line breaks."""
    thread = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(43))
    meeting_id = " ".join(f"{rng.randint(100, 999)}" for _ in range(4))
    passcode = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(6))
    organiser = guid(rng)
    link = (
        f"https://teams.microsoft.com/l/meetup-join/19%3ameeting_{thread}%40thread.v2/0"
        f"?context=%7b%22Tid%22%3a%22{TENANT_ID}%22%2c%22Oid%22%3a%22{organiser}%22%7d"
    )
    return "\r\n".join(
        (
            RULE,
            "Microsoft Teams meeting",
            "Join on your computer, mobile app or room device",
            f"Click here to join the meeting<{link}>",
            f"Meeting ID: {meeting_id}",
            f"Passcode: {passcode}",
            "Learn More<https://aka.ms/JoinTeamsMeeting> | Meeting options<https://teams.microsoft.com/meetingOptions/>",
            RULE,
        )
    )


def quote_all(fields: list[object]) -> str:
    """Every field in double quotes, inner quotes doubled (PowerShell Export-Csv, message traces)."""
    return ",".join('"' + str(f).replace('"', '""') + '"' for f in fields)


def quote_nonempty(fields: list[object]) -> str:
    """Non-empty fields quoted, empty ones left bare (Outlook's calendar CSV)."""
    return ",".join('"' + str(f).replace('"', '""') + '"' if f not in ("", None) else "" for f in fields)


def tab_field(value: object) -> str:
    """A tab-separated field, quoted only when it holds a tab, quote or line break (Teams reports)."""
    text = str(value)
    if any(ch in text for ch in '\t"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text
