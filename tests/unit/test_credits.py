"""Unit tests for vectorstore.credits.is_photo_credit."""

from __future__ import annotations

from pathlib import Path

import pytest

from vectorstore.credits import credited, is_photo_credit

pytestmark = pytest.mark.unit

SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_37fe87e60f2c79c1.txt"


def _seed_lines() -> tuple[list[str], set[int]]:
    """Return the seed's lines and the indices of its credit lines.

    In the seed every photo is a blank line, a caption line, then the credit line,
    so a credit is the second line after each blank line.
    """
    lines = SEED.read_text(encoding="utf-8").splitlines()
    credits = {i + 2 for i, line in enumerate(lines) if not line.strip() and i + 2 < len(lines)}
    return lines, credits


SEED_LINES, SEED_CREDITS = _seed_lines()


def test_seed_has_the_expected_credit_lines() -> None:
    # Guards the parametrisation below: if the seed changes shape, this fails loudly.
    assert [SEED_LINES[i] for i in sorted(SEED_CREDITS)] == [
        "Getty Images/AP",
        "Jim Watson/AFP via Getty Images",
        "Valentyn Ogirenko/Reuters",
        "Tetiana Dzhafarova/via Reuters",
        "Shannon Stapleton/Reuters, FILE",
        "Matthias Schrader/AP",
        "Brendan Smialowski/AFP via Getty Images",
    ]


@pytest.mark.parametrize(
    ("index", "line"), list(enumerate(SEED_LINES)), ids=[f"line{i}" for i in range(len(SEED_LINES))]
)
def test_seed_lines(index: int, line: str) -> None:
    assert is_photo_credit(line) is (index in SEED_CREDITS), line


@pytest.mark.parametrize(
    "line",
    [
        "Getty Images/AP",
        "Jim Watson/AFP via Getty Images",
        "Valentyn Ogirenko/Reuters",
        "Tetiana Dzhafarova/via Reuters",
        "Shannon Stapleton/Reuters, FILE",
        "Matthias Schrader/AP",
        "Brendan Smialowski/AFP via Getty Images",
        "Photo: John Smith/Bloomberg",
        "(AP Photo/Evan Vucci)",
        "AP Photo/Evan Vucci, File",
        "Credit: Reuters",
        "AFP PHOTO / POOL",
        "Image: Getty Images",
        "Photograph: Alex Brandon/AP",
        "Photo credit: Reuters",
        "EPA-EFE/Shutterstock",
        "Getty Images",
        "  Valentyn Ogirenko/Reuters  ",
        "JOHN MACDOUGALL/AFP via Getty Images",
        "Kevin Dietsch via Getty Images",
        "Mikhail Metzel/Pool/AFP",
        "Doug Mills for The New York Times",
        "Jane Doe/The Washington Post",
        "Yuki Iwamura | Bloomberg via Getty Images",
        "Sergei Supinsky/AFP/Getty Images",
        "Ludovic Marin/Pool via REUTERS",
        "Anadolu via Getty Images",
        "Mustafa al-Tikriti/Xinhua",
    ],
)
def test_credits(line: str) -> None:
    assert is_photo_credit(line)


@pytest.mark.parametrize(
    "line",
    [
        "",
        "   ",
        "“Negotiating with no cards”",
        "A bigger deal?",
        "The best business partner we’ve ever dreamed of",
        "Trump told Reuters on Friday that the deal was close.",
        "Trump told Reuters on Friday",
        "President Donald Trump in Washington, Feb. 13, 2025, Ukraine’s President ...",
        "President Donald Trump in Washington, Feb. 13, 2025, Ukraine’s President Volodymyr "
        "Zelenskyy in Munich, Feb. 15, 2025",
        "Photo: the president said he would sign the deal on Friday.",
        "Reuters/Ipsos poll shows support slipping",
        "The White House",
        "Bloomberg",
        "Trump and Putin",
        "Travel via Paris",
        "Photos of the week",
        "Getty Images/AP " + "and a lot more words " * 4,
        "Kyiv/Moscow talks",
    ],
)
def test_not_credits(line: str) -> None:
    assert not is_photo_credit(line)


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Jim Watson/AFP via Getty Images", "Jim Watson"),
        ("Tetiana Dzhafarova/via Reuters", "Tetiana Dzhafarova"),
        ("Shannon Stapleton/Reuters, FILE", "Shannon Stapleton"),
        ("(AP Photo/Evan Vucci)", "Evan Vucci"),
        ("Photo: John Smith/Bloomberg", "John Smith"),
        ("Doug Mills for The New York Times", "Doug Mills"),
        ("Getty Images/AP", "Getty Images/AP"),  # no photographer: the agencies
        ("AFP PHOTO / POOL", "AFP PHOTO"),
        ("Kremlin Pool/AP", "Kremlin Pool/AP"),  # a pool is not a person
    ],
)
def test_credited_names_the_photographer_or_else_the_agencies(line: str, name: str) -> None:
    start, end = credited(f"  {line} ")
    assert f"  {line} "[start:end] == name


@pytest.mark.parametrize(
    ("line", "besides", "agency"),
    [
        ("Jim Watson/AFP via Getty Images", "Which agency is his photo credited to?", "AFP"),
        ("Jim Watson/AFP via Getty Images", "..., along with AFP?", "Getty Images"),
        ("Tetiana Dzhafarova/via Reuters", "", "Reuters"),
        ("Shannon Stapleton/Reuters, FILE", "", "Reuters"),
        ("Getty Images/AP", "", "Getty Images"),
    ],
)
def test_credited_names_an_agency_the_question_does_not(
    line: str, besides: str, agency: str
) -> None:
    start, end = credited(line, agency=True, besides=besides)
    assert line[start:end] == agency
