import pytest

from parkgis.core.io.encoding import (
    choose_dbf_encoding,
    dbf_header,
    detect_encoding,
    detect_text_file_encoding,
    normalize_codec,
)

SAMPLES_ZH = ["鄂尔多斯市准格尔旗", "准格尔经济开发区", "永久基本农田", "工业用地", "标准地二号"]


@pytest.mark.parametrize(("codec", "expected"), [("gbk", "GB18030"), ("big5", "Big5"), ("shift_jis", "Shift_JIS")])
def test_detection_of_east_asian_code_pages(codec, expected):
    texts = {"gbk": SAMPLES_ZH, "big5": ["臺北市政府", "標準地出讓", "經濟開發區"],
             "shift_jis": ["千葉県", "茂原市", "大網白里町"]}[codec]
    choice = detect_encoding([t.encode(codec) for t in texts])
    assert (choice.encoding, choice.source) == (expected, "detected")


def test_detection_of_latin_text():
    latin = detect_encoding([s.encode("cp1252") for s in ["São Paulo", "Usina Elétrica", "EM OPERAÇÃO"]])
    assert latin.encoding == "CP1252"


def test_ascii_and_utf8():
    assert detect_encoding([b"abc", b"123"]).source == "ascii"
    assert detect_encoding(["北京市".encode()]).encoding == "UTF-8"


def test_gbk_with_rare_characters_still_wins_over_other_pages():
    # 鄂托克前旗 and 乌审旗 have common characters; 伊金霍洛旗 too; add a rare-ish one (堃)
    texts = ["鄂托克前旗上海庙镇", "乌审旗苏里格", "伊金霍洛旗", "堃"]
    assert detect_encoding([t.encode("gbk") for t in texts]).encoding == "GB18030"


@pytest.mark.parametrize(("name", "codec"), [("936", "GBK"), ("GB2312", "GBK"), ("utf8", "UTF-8"), ("65001", "UTF-8"),
                                             ("CP936", "GBK"), ("GB18030", "GB18030"), ("UTF-8", "UTF-8"),
                                             ("ISO-8859-1", "ISO-8859-1"), ("950", "Big5")])
def test_cpg_names_are_normalised(name, codec):
    assert normalize_codec(name) == codec


def test_unknown_cpg_name():
    with pytest.raises(ValueError):
        normalize_codec("KLINGON")


def _dbf(values: list[bytes], ldid: int) -> bytes:
    """A minimal dBASE III file with one character field of width 20."""
    import struct

    header = bytearray(32)
    header[0] = 3
    header[4:8] = struct.pack("<I", len(values))
    header[8:10] = struct.pack("<H", 32 + 32 + 1)
    header[10:12] = struct.pack("<H", 1 + 20)
    header[29] = ldid
    field = bytearray(32)
    field[0:4] = b"NAME"
    field[11] = ord("C")
    field[16] = 20
    body = b"".join(b" " + v.ljust(20, b" ") for v in values)
    return bytes(header) + bytes(field) + b"\r" + body + b"\x1a"


def test_dbf_precedence_explicit_cpg_ldid_detection():
    dbf = _dbf(["准格尔旗".encode("gbk"), "达拉特旗".encode("gbk")], ldid=0x4D)
    assert dbf_header(dbf)[3] == 0x4D
    assert choose_dbf_encoding(dbf, None, None)[0].source == "ldid"
    assert choose_dbf_encoding(dbf, "GBK", None)[0].source == "cpg"
    assert choose_dbf_encoding(dbf, None, "GB18030")[0].source == "explicit"
    undeclared = _dbf(["准格尔旗".encode("gbk")], ldid=0)
    choice, warnings = choose_dbf_encoding(undeclared, None, None)
    assert (choice.encoding, choice.source, warnings) == ("GB18030", "detected", [])


def test_cpg_contradicted_by_bytes_is_overruled():
    dbf = _dbf(["准格尔旗".encode("gbk")], ldid=0)
    choice, warnings = choose_dbf_encoding(dbf, "UTF-8", None)
    assert choice.encoding == "GB18030" and "does not decode as UTF-8" in warnings[0]


def test_text_file_with_bom():
    assert detect_text_file_encoding(b"\xef\xbb\xbf{}").note == "UTF-8 byte-order mark"
