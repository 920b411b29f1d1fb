"""Encodings: UTF-8 first, then what the bytes say of themselves, then detection, and a clear
refusal where the encoding cannot be told."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from dipreader.core.corpus.articles import load_file
from dipreader.core.text.decode import DecodeError, decode

LIMIT = 8 * 1024 * 1024
CHINESE = (
    " date 2023-07-13 \n\n雅加达 - 中国外交部长王毅7月13日在雅加达会见韩国外长朴振。"
    "王毅表示，中韩两国是搬不走的近邻，也是分不开的合作伙伴。"
    "朴振表示，韩方愿同中方加强沟通，推动两国关系健康发展。双方同意保持高层交往。"
)
JAPANESE = (
    " date 2023-05-21 \n\n広島 - 岸田文雄首相は21日、広島で韓国の尹錫悦大統領と会談した。"
    "岸田首相は、日韓関係の改善を歓迎すると述べた。尹大統領は、両国の協力を一層強化したいと"
    "応じた。両首脳は、引き続き緊密に意思疎通を図ることで一致した。"
)
KOREAN = (
    " date 2023-07-13 \n\n자카르타 - 박진 외교부 장관은 13일 자카르타에서 왕이 중국 외교부장과 "
    "회담했다. 박 장관은 양국 관계의 안정적 발전을 강조했다. 양측은 소통을 강화하기로 했다."
)
POLISH = (
    " date 2022-03-01 \n\nWarszawa - Minister Radosław Sikorski spotkał się w Łodzi z "
    "ministrem spraw zagranicznych. Rozmowa dotyczyła współpracy gospodarczej i "
    "bezpieczeństwa regionu. Obaj ministrowie zgodzili się spotkać ponownie."
)
RUSSIAN = (
    " date 2021-10-18 \n\nМосква - Министр иностранных дел Сергей Лавров провёл переговоры "
    "с министром иностранных дел. Стороны обсудили двустороннее сотрудничество и "
    "региональные вопросы. Лавров подчеркнул важность диалога."
)
WESTERN = (
    " date 2021-05-06 \n\nParis - The ministers met at the Café de Flore. "
    "“We had a naïve hope,” the French minister said — and both smiled."
)


@pytest.mark.parametrize(
    ("text", "encoding", "named"),
    [
        (CHINESE, "gbk", "GB18030"),
        (CHINESE, "gb18030", "GB18030"),
        (JAPANESE, "shift_jis", "Shift-JIS"),
        (KOREAN, "euc_kr", "EUC-KR"),
        (POLISH, "cp1250", "cp1250"),
        (RUSSIAN, "cp1251", "cp1251"),
        (WESTERN, "cp1252", "cp1252"),
    ],
)
def test_a_legacy_readout_reads_correctly_and_says_which_encoding(
    tmp_path: Path, text: str, encoding: str, named: str
) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    meetings, problems = load_file(str(path), LIMIT)
    assert meetings[0].text == text
    notices = [p.reason for p in problems if p.severity == "warning"]
    assert any(named in notice for notice in notices), notices


def test_the_chinese_readout_is_parsed_after_decoding(tmp_path: Path) -> None:
    path = tmp_path / "gbk.txt"
    path.write_bytes(CHINESE.encode("gbk"))
    meeting = load_file(str(path), LIMIT)[0][0]
    assert meeting.date is not None
    assert meeting.date.isoformat() == "2023-07-13"
    assert meeting.venue == "雅加达" or meeting.sentences


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_unicode_without_a_byte_order_mark(encoding: str) -> None:
    decoded = decode(WESTERN.encode(encoding))
    assert decoded.text == WESTERN
    assert encoding.upper() in decoded.notes[0]


@pytest.mark.parametrize(
    "bom", [codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE]
)
def test_a_byte_order_mark_decides(bom: bytes) -> None:
    encoding = {
        codecs.BOM_UTF8: "utf-8",
        codecs.BOM_UTF16_LE: "utf-16-le",
        codecs.BOM_UTF16_BE: "utf-16-be",
        codecs.BOM_UTF32_LE: "utf-32-le",
    }[bom]
    assert decode(bom + CHINESE.encode(encoding)).text == CHINESE


def test_utf8_is_read_without_a_notice() -> None:
    decoded = decode(CHINESE.encode("utf-8"))
    assert decoded.text == CHINESE
    assert not decoded.notes


def test_a_file_whose_encoding_cannot_be_told_is_reported(tmp_path: Path) -> None:
    # Bytes that no candidate encoding reads as language: a mix of scripts' byte ranges.
    noise = bytes((i * 97 + 31) % 128 + 128 for i in range(3000))
    path = tmp_path / "noise.txt"
    path.write_bytes(b" date 2020-01-01 " + noise)
    meetings, problems = load_file(str(path), LIMIT)
    assert not meetings
    assert "encoding" in problems[0].reason
    assert "UTF-8" in problems[0].reason
    with pytest.raises(DecodeError):
        decode(noise)


def test_a_declared_encoding_is_used_when_the_bytes_are_not_utf8() -> None:
    decoded = decode(POLISH.encode("cp1250"), declared="windows-1250")
    assert decoded.text == POLISH
    assert "declares" in decoded.notes[0]


def test_text_that_every_encoding_reads_garbled_is_refused_not_guessed() -> None:
    import random

    rng = random.Random(2)
    clean = WESTERN.split("\n\n", 1)[1].encode("cp1252") * 10
    # One byte in ten replaced by a random high byte: any code page reads it as noise.
    garbled = bytes(rng.randrange(0x80, 0x100) if rng.random() < 0.1 else c for c in clean)
    with pytest.raises(DecodeError, match="cannot be told"):
        decode(garbled)
