"""Hours of the day in policy text: when collectors say they call ("每日8:00至21:00", "between
8 a.m. and 7 p.m.", "at any time"), as a window ``HH:MM-HH:MM`` or ``any``; and window arithmetic
for rules that compare a window with the hours a law allows.

A window whose end is before its start runs over midnight ("22:00-08:00").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ANY = "any"
WINDOW = re.compile(r"^([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-4]):([0-5][0-9])$")

# A time: "8", "8:30", "20:00", "8 a.m.", "8pm", "晚上10点", "早8时", "21点30分", "8点半".
_ZH_PERIOD = "凌晨|早上|早晨|上午|早|中午|下午|晚上|晚间|夜间|夜里|晚"
_ZH_TIME = (
    r"(?:(?P<p{n}>" + _ZH_PERIOD + r")\s*)?(?P<h{n}>\d{{1,2}})"
    r"(?:[:：](?P<m{n}>\d{{2}})|\s*[点时](?:(?P<mm{n}>\d{{1,2}})分|(?P<half{n}>半))?)"
)
_EN_TIME = r"(?P<h{n}>\d{{1,2}})(?::(?P<m{n}>\d{{2}}))?\s*(?P<p{n}>a\.?\s?m\.?|p\.?\s?m\.?)?"
_ZH_JOIN = r"\s*(?:-|–|—|~|～|至|到)\s*(?:次日|第二天)?\s*"
_EN_JOIN = r"\s*(?:-|–|—|~|to|until|till|and)\s*"
_ZH_RANGE = re.compile(_ZH_TIME.format(n=1) + _ZH_JOIN + _ZH_TIME.format(n=2))
_EN_RANGE = re.compile(r"(?<![\d:])" + _EN_TIME.format(n=1) + _EN_JOIN + _EN_TIME.format(n=2) + r"(?![\d:])", re.IGNORECASE)
# "not before 8 a.m. or after 9 p.m.": the allowed window between the two.
_EN_BEFORE_AFTER = re.compile(
    r"before\s+" + _EN_TIME.format(n=1) + r"[\s,]*(?:or|and|nor)\s+after\s+" + _EN_TIME.format(n=2), re.IGNORECASE
)
_ZH_BEFORE_AFTER = re.compile(_ZH_TIME.format(n=1) + r"\s*(?:以前|之前|前)\s*(?:或|和|及|或者|、)\s*" + _ZH_TIME.format(n=2) + r"\s*(?:以后|之后|后)")
_ANY_TIME = {
    "en": re.compile(r"\b(?:at any time|any time of (?:the )?day|anytime|24 hours a day|around the clock|day or night|24/7)\b", re.IGNORECASE),
    "zh": re.compile(r"任何时间|任意时间|随时|全天候|24小时|二十四小时|不分昼夜|不限时间"),
}
_PM = {"下午", "晚上", "晚间", "夜间", "夜里", "晚"}
_NOON = {"中午"}


@dataclass(frozen=True, slots=True)
class HoursMatch:
    hours: str  # "08:00-21:00" or "any"
    start: int  # where in the text the hours are stated
    end: int
    # A range a negation turns round ("不会在22:00至次日8:00催收": the hours are its complement);
    # "not before 8 or after 21" already names the hours allowed.
    invertible: bool = True


def _clock(hour: str, minute: str | None, period: str | None, half: str | None = None) -> tuple[int, int] | None:
    h, m = int(hour), int(minute) if minute else (30 if half else 0)
    if m > 59 or h > 24:
        return None
    marker = (period or "").lower().replace(".", "").replace(" ", "")
    if marker == "pm" or period in _PM:
        h = h + 12 if h < 12 else h
    elif marker == "am" and h == 12:
        h = 0
    elif period in _NOON and h < 6:
        h += 12
    return (0, 0) if h == 24 else (h, m)


def _time(match: re.Match[str], n: int, fallback_period: str | None = None) -> tuple[int, int] | None:
    groups = match.groupdict()
    period = groups.get(f"p{n}") or fallback_period
    minute = groups.get(f"m{n}") or groups.get(f"mm{n}")
    return _clock(groups[f"h{n}"], minute, period, groups.get(f"half{n}"))


def _format(start: tuple[int, int], end: tuple[int, int]) -> str:
    return f"{start[0]:02d}:{start[1]:02d}-{end[0]:02d}:{end[1]:02d}"


def find_hours(text: str, language: str) -> HoursMatch | None:
    """The first statement of hours in a sentence: a window, a "before … or after …" pair, or "any"."""
    spaced = language != "zh"
    pair = (_EN_BEFORE_AFTER if spaced else _ZH_BEFORE_AFTER).search(text)
    if pair is not None:
        start, end = _time(pair, 1, None), _time(pair, 2, "pm" if spaced else None)
        if start and end:
            return HoursMatch(_format(start, end), pair.start(), pair.end(), invertible=False)
    ranged = (_EN_RANGE if spaced else _ZH_RANGE).search(text)
    if ranged is not None:
        # "8 to 9 p.m." reads the first time in the second's half of the day only when it fits.
        start, end = _time(ranged, 1), _time(ranged, 2)
        if start and end and (ranged.group("p1") or ranged.group("p2") or not spaced or ":" in ranged.group(0)):
            return HoursMatch(_format(start, end), ranged.start(), ranged.end())
    anytime = _ANY_TIME["en" if spaced else "zh"].search(text)
    if anytime is not None:
        return HoursMatch(ANY, anytime.start(), anytime.end(), invertible=False)
    return None


def complement(window: str) -> str:
    """The hours outside a window: "22:00-08:00" -> "08:00-22:00"."""
    start, end = window.split("-")
    return f"{end}-{start}"


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def within(window: str, limit: str) -> bool:
    """Whether every hour of ``window`` is inside ``limit`` (both ``HH:MM-HH:MM``; ``any`` is the
    whole day)."""
    if window == ANY:
        return limit == ANY
    if limit == ANY:
        return True
    start, end = (_minutes(c) for c in window.split("-"))
    low, high = (_minutes(c) for c in limit.split("-"))
    if start == end:
        return False  # the whole day
    if low <= high:
        return low <= start and end <= high and start <= end
    # A limit over midnight: the window may be on either side of it, or across it.
    if start <= end:
        return start >= low or end <= high
    return start >= low and end <= high
