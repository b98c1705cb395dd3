"""Text encodings of attribute data: explicit choice > ``.cpg`` > DBF LDID > detection.

Chinese shapefiles often come without a ``.cpg`` and with LDID 0 or 87 ("ANSI"), for which GDAL
assumes ISO-8859-1 and silently returns mojibake. We look at the bytes instead: valid UTF-8 is
UTF-8; otherwise each candidate code page (GB18030, Big5, Shift-JIS, EUC-KR, the Latin pages) is
scored by how much of the decoded text is *common* text in its language, with a Chinese-first
prior. The result says what was chosen and from what, so the user can see it and override it.
"""

from __future__ import annotations

import codecs
import re
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

#: DBF language driver ids (LDID, byte 29 of the header) → Python codec. 87 is GDAL's "ANSI":
#: it decodes it as ISO-8859-1, which is wrong for Chinese data, so we treat it as undeclared.
LDID_CODEPAGES = {
    0x01: "cp437", 0x02: "cp850", 0x03: "cp1252", 0x13: "shift_jis", 0x4D: "gbk", 0x4E: "cp949",
    0x4F: "big5", 0x64: "cp852", 0x65: "cp866", 0x78: "big5", 0x79: "cp949", 0x7A: "gbk",
    0x7B: "shift_jis", 0x7D: "cp1255", 0x7E: "cp1256", 0xC8: "cp1250", 0xC9: "cp1251", 0xCA: "cp1254",
    0xCB: "cp1253", 0x57: "iso-8859-1",
}
UNDECLARED_LDIDS = {0x00, 0x57}

#: Candidates in order of preference for Chinese users (the prior breaks ties toward the front).
CANDIDATES = ("gb18030", "big5", "shift_jis", "euc_kr", "cp1252")
_PRIOR = {"gb18030": 1.0, "big5": 0.9, "shift_jis": 0.9, "euc_kr": 0.7, "cp1252": 0.8}


@dataclass(frozen=True)
class EncodingChoice:
    """The encoding used to decode a layer's text and where the decision came from.

    ``source`` is one of ``explicit``, ``cpg``, ``ldid``, ``detected``, ``ascii``, ``declared``
    (the format fixes it, e.g. GeoPackage is UTF-8).
    """

    encoding: str
    source: str
    confidence: float = 1.0
    note: str = ""
    #: a table whose rows were written by different programs mixes UTF-8 values with legacy ones
    #: (GBK): each value that is valid UTF-8 is then decoded as UTF-8, the rest as ``encoding``
    secondary: str | None = None

    @property
    def label(self) -> str:
        text = f"{self.encoding} ({self.source})"
        return f"{text}: {self.note}" if self.note else text


def normalize_codec(name: str) -> str:
    """Canonical codec name for what a ``.cpg``, a user or GDAL writes (``936``, ``GBK``, ``UTF8``, ``65001``)."""
    raw = name.strip().strip('"').strip()
    aliases = {"936": "gbk", "cp936": "gbk", "gb2312": "gbk", "65001": "utf-8", "utf8": "utf-8",
               "54936": "gb18030", "950": "big5", "932": "shift_jis", "sjis": "shift_jis",
               "1252": "cp1252", "ansi 1252": "cp1252", "88591": "iso-8859-1", "8859_1": "iso-8859-1",
               "iso88591": "iso-8859-1", "latin1": "iso-8859-1"}
    key = raw.lower().replace("-", "").replace(" ", "") if raw.lower().replace("-", "") != "ansi 1252" else raw.lower()
    codec = aliases.get(key, raw)
    try:
        info = codecs.lookup(codec)
    except LookupError:
        raise ValueError(f"unknown text encoding {name!r}") from None
    pretty = {"utf-8": "UTF-8", "gbk": "GBK", "gb18030": "GB18030", "big5": "Big5", "shift_jis": "Shift_JIS",
              "euc_kr": "EUC-KR", "cp1252": "CP1252", "cp437": "CP437", "cp850": "CP850",
              "utf-16": "UTF-16", "utf-16-le": "UTF-16LE", "utf-16-be": "UTF-16BE", "utf-32": "UTF-32",
              "utf-8-sig": "UTF-8", "latin-1": "ISO-8859-1", "iso8859-1": "ISO-8859-1"}
    return pretty.get(info.name, info.name)


def read_cpg(cpg_text: str) -> str:
    return normalize_codec(cpg_text.splitlines()[0] if cpg_text.strip() else "")


def dbf_header(data: bytes) -> tuple[int, int, int, int, list[tuple[str, str, int, int]]]:
    """(records, header_length, record_length, ldid, fields[(name, type, offset, length)]) of a DBF."""
    if len(data) < 32:
        raise ValueError("the .dbf header is truncated")
    records, header_len, record_len = struct.unpack("<IHH", data[4:12])
    ldid = data[29]
    fields = []
    offset = 1  # the deletion flag
    pos = 32
    while pos + 32 <= min(header_len, len(data)) and data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\x00")[0].decode("ascii", "replace")
        ftype = chr(data[pos + 11])
        length = data[pos + 16]
        fields.append((name, ftype, offset, length))
        offset += length
        pos += 32
    return records, header_len, record_len, ldid, fields


def dbf_field_names(data: bytes) -> list[bytes]:
    """The raw (undecoded) field names of a DBF: Chinese programs write them in GBK."""
    _records, header_len, _record_len, _ldid, fields = dbf_header(data)
    return [data[32 + 32 * i:32 + 32 * i + 11].split(b"\x00")[0] for i in range(len(fields))]


def dbf_text_sample(data: bytes, max_records: int = 5000) -> list[bytes]:
    """Non-ASCII byte strings of the field names and character fields of a DBF (the ones whose
    encoding matters)."""
    records, header_len, record_len, _ldid, fields = dbf_header(data)
    text_fields = [(off, ln) for _n, t, off, ln in fields if t in "CM"]
    out = [name for name in dbf_field_names(data) if any(b > 0x7F for b in name)]
    for i in range(min(records, max_records)):
        start = header_len + i * record_len
        rec = data[start:start + record_len]
        if len(rec) < record_len:
            break
        for off, ln in text_fields:
            value = rec[off:off + ln].rstrip(b" \x00")
            if any(b > 0x7F for b in value):
                out.append(value)
    return out


def _is_common(ch: str, codec: str) -> bool:
    """Is ``ch`` ordinary text in the language of ``codec``? Used to score a decoding."""
    if ch.isascii():
        return True
    if codec == "gb18030":
        try:
            ch.encode("gb2312")  # the 6 763 hanzi and symbols of everyday simplified Chinese
            return True
        except UnicodeEncodeError:
            return False
    if codec == "big5":
        try:
            return 0xA4 <= ch.encode("big5")[0] <= 0xC6  # Big5 level-1 (frequent) characters
        except UnicodeEncodeError:
            return False
    if codec == "shift_jis":
        try:
            b = ch.encode("shift_jis")
        except UnicodeEncodeError:
            return False
        return len(b) == 2 and (0x82 <= b[0] <= 0x83 or 0x88 <= b[0] <= 0x98)  # kana, JIS level-1 kanji
    if codec == "euc_kr":
        return "HANGUL" in unicodedata.name(ch, "")
    # Latin code pages: accented letters are plausible, symbols and controls are not
    return unicodedata.category(ch).startswith("L") and ord(ch) < 0x250


def score_decoding(samples: list[bytes], codec: str) -> float | None:
    """Share of non-ASCII characters that are common text once decoded with ``codec``
    (``None`` when the bytes do not decode)."""
    common = total = 0
    for raw in samples:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            return None
        for ch in text:
            if not ch.isascii():
                total += 1
                common += _is_common(ch, codec)
    return common / total if total else 1.0


def detect_encoding(samples: list[bytes]) -> EncodingChoice:
    """Detect the encoding of undeclared text samples, Chinese first.

    >>> detect_encoding(["鄂尔多斯市准格尔旗".encode("gbk")]).encoding
    'GB18030'
    >>> detect_encoding(["千葉県茂原市".encode("shift_jis")]).encoding
    'Shift_JIS'
    """
    non_ascii = [s for s in samples if any(b > 0x7F for b in s)]
    if not non_ascii:
        return EncodingChoice("UTF-8", "ascii", 1.0, "the text is plain ASCII")
    if all(is_utf8(s) for s in non_ascii):
        return EncodingChoice("UTF-8", "detected", 1.0, "the text is valid UTF-8")
    scored = []
    for codec in CANDIDATES:
        score = score_decoding(non_ascii, codec)
        if score is not None:
            scored.append((score * _PRIOR[codec], score, codec))
    if not scored:
        return EncodingChoice("ISO-8859-1", "detected", 0.0, "no candidate code page decodes the text")
    scored.sort(key=lambda t: (-t[0], CANDIDATES.index(t[2])))
    _weighted, score, codec = scored[0]
    runner_up = f"; next best {normalize_codec(scored[1][2])} {scored[1][1]:.0%}" if len(scored) > 1 else ""
    return EncodingChoice(normalize_codec(codec), "detected", round(score, 3),
                          f"{score:.0%} of the non-ASCII text is common {normalize_codec(codec)} text{runner_up}")


#: code pages of East Asian text, in which every non-ASCII character takes two bytes or more
CJK_ENCODINGS = {"GB18030", "GBK", "Big5", "Shift_JIS", "EUC-KR"}


def is_single_byte(codec: str) -> bool:
    """Does ``codec`` give one character per byte (the Latin, Cyrillic ... DOS and Windows pages)?
    Such a code page decodes ANY bytes, so that a decoding without error proves nothing."""
    try:
        return len(bytes(range(0x80, 0x100)).decode(codec, errors="replace")) == 0x80
    except LookupError:
        return False


def utf8_split(samples: list[bytes]) -> tuple[list[bytes], list[bytes]]:
    """(values that are valid UTF-8, values that are not) among the non-ASCII samples."""
    valid, invalid = [], []
    for s in samples:
        if any(b > 0x7F for b in s):
            (valid if is_utf8(s) else invalid).append(s)
    return valid, invalid


def is_utf8(raw: bytes) -> bool:
    """Valid UTF-8, allowing a last character cut short: DBF fields and field names (10 bytes) are cut
    at a byte count, and a UTF-8 writer cuts 号 (3 bytes) after its first one or two."""
    try:
        raw.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.reason == "unexpected end of data" and exc.start >= len(raw) - 3


def _cjk_overrules(samples: list[bytes], codec: str, detected: EncodingChoice) -> bool:
    """Is a declared single-byte code page contradicted by text that reads as common East Asian text?
    GBK bytes under a Latin declaration decode without error into ``¶õ¶û¶àË¹``: what tells them apart
    is that nearly every double byte is a common hanzi, while as Latin text they are symbols."""
    if not is_single_byte(codec) or detected.encoding not in CJK_ENCODINGS or detected.confidence < 0.9:
        return False
    declared = score_decoding(samples, codec)
    return declared is None or declared < detected.confidence


def decodes_as(samples: list[bytes], codec: str) -> bool:
    try:
        for s in samples:
            s.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def choose_dbf_encoding(dbf: bytes, cpg: str | None, explicit: str | None) -> tuple[EncodingChoice, list[str]]:
    """Decide how to decode a DBF: explicit > .cpg > LDID > detection. Returns the choice and
    warnings (a declaration that the bytes contradict is overruled, never silently obeyed)."""
    samples = dbf_text_sample(dbf)
    choice, warnings = _choose_dbf_encoding(dbf, samples, cpg, explicit)
    valid, invalid = utf8_split(samples)
    if valid and invalid and choice.encoding != "UTF-8" and choice.source != "explicit":
        # rows appended by a UTF-8 program to a GBK table: one code page for all garbles one kind
        legacy = choice if choice.encoding in CJK_ENCODINGS else detect_encoding(invalid)
        warnings.append(f"the table mixes encodings: {len(valid)} text value(s) are UTF-8 and {len(invalid)} "
                        f"are {legacy.encoding}; each value is decoded in its own encoding")
        choice = EncodingChoice(legacy.encoding, choice.source if legacy is choice else "detected",
                                legacy.confidence, legacy.note, secondary="UTF-8")
    return choice, warnings


def _choose_dbf_encoding(dbf: bytes, samples: list[bytes], cpg: str | None,
                         explicit: str | None) -> tuple[EncodingChoice, list[str]]:
    warnings: list[str] = []
    if explicit:
        codec = normalize_codec(explicit)
        if not decodes_as(samples, codec):
            warnings.append(f"the chosen encoding {codec} does not decode every value: expect garbled text")
        return EncodingChoice(codec, "explicit"), warnings
    valid, invalid = utf8_split(samples)
    detected = detect_encoding(invalid) if valid and invalid else detect_encoding(samples)
    utf8_text = bool(valid) and not invalid
    declarations = []
    if cpg is not None:
        try:
            declarations.append((read_cpg(cpg), "cpg"))
        except ValueError:
            warnings.append(f"the .cpg names an unknown encoding {cpg.strip()!r}; detecting instead")
    ldid = dbf_header(dbf)[3]
    if not declarations and ldid not in UNDECLARED_LDIDS and ldid in LDID_CODEPAGES:
        declarations.append((normalize_codec(LDID_CODEPAGES[ldid]), "ldid"))
    for codec, source in declarations:
        cpg_said = source == "cpg"
        if not decodes_as(invalid if valid and invalid else samples, codec):
            warnings.append(f"the .cpg declares {codec} but the text does not decode as {codec}; "
                            f"read as {detected.encoding} ({detected.note})" if cpg_said else
                            f"the DBF language driver id {ldid} declares {codec} but the text does not decode; "
                            f"read as {detected.encoding}")
            return EncodingChoice(detected.encoding, "detected", detected.confidence, detected.note), warnings
        if utf8_text and codec != "UTF-8":
            warnings.append(f"the .cpg declares {codec} but the text is valid UTF-8; read as UTF-8" if cpg_said else
                            f"the DBF language driver id {ldid} declares {codec} but the text is valid UTF-8; "
                            "read as UTF-8")
            return EncodingChoice("UTF-8", "detected", 1.0, "valid UTF-8 despite the declaration"), warnings
        if _cjk_overrules(invalid or samples, codec, detected):
            warnings.append(f"the .cpg declares {codec} but the text is {detected.encoding} ({detected.note}); "
                            f"read as {detected.encoding}: give the encoding explicitly if this is wrong"
                            if cpg_said else
                            f"the DBF language driver id {ldid} declares {codec} but the text is "
                            f"{detected.encoding} ({detected.note}); read as {detected.encoding}: give the encoding "
                            "explicitly if this is wrong")
            return EncodingChoice(detected.encoding, "detected", detected.confidence, detected.note), warnings
        return EncodingChoice(codec, source, 1.0, "" if cpg_said else f"DBF language driver id {ldid}"), warnings
    if detected.confidence < 0.6:
        warnings.append(f"the text encoding is uncertain ({detected.note}): check the preview and choose one")
    return detected, warnings


def detect_text_file_encoding(data: bytes) -> EncodingChoice:
    """Encoding of a text-based vector file (GeoJSON, KML): UTF-8 by spec, detected if it is not."""
    if data.startswith(codecs.BOM_UTF8):
        return EncodingChoice("UTF-8", "declared", 1.0, "UTF-8 byte-order mark")
    try:
        data.decode("utf-8")
        return EncodingChoice("UTF-8", "declared", 1.0)
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 4:  # a sample cut in the middle of a character
            return EncodingChoice("UTF-8", "declared", 1.0)
    runs = [r for r in _non_ascii_runs(data)]
    return detect_encoding(runs)


def utf16_codec(data: bytes) -> str | None:
    """``utf-32``/``utf-16`` for text with a byte-order mark, ``utf-16-le``/``-be`` for UTF-16 without
    one (recognised by the NUL byte beside every ASCII character), else None."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = data[:4096]
    if len(head) < 4 or head.count(0) < len(head) // 4:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if odd > 2 * even:
        return "utf-16-le"
    if even > 2 * odd:
        return "utf-16-be"
    return None


def head_text(head: bytes) -> str:
    """The first bytes of a file as text for sniffing: UTF-16 if it is, else lenient UTF-8 (the head
    may end inside a character)."""
    codec = utf16_codec(head)
    return head.decode(codec or "utf-8", errors="ignore").lstrip("\ufeff")


_XML_DECLARATION = re.compile(rb"^(\xef\xbb\xbf)?\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']")


def decode_vector_text(data: bytes, explicit: str | None, *, xml: bool) -> tuple[str, EncodingChoice, list[str]]:
    """A GeoJSON/TopoJSON/KML file as text, whatever its encoding: GDAL reads only UTF-8 JSON and the
    XML encodings expat knows (not GB2312/GBK), so such files are decoded here and handed on as UTF-8.

    Order: the explicit encoding, a byte-order mark (UTF-8/16/32), UTF-16 without one, then for XML
    the declared encoding unless the bytes are valid UTF-8 (a declaration many tools copy blindly),
    then detection."""
    notes: list[str] = []
    if explicit:
        codec = normalize_codec(explicit)
        return data.decode(codec, errors="replace"), EncodingChoice(codec, "explicit"), notes
    wide = utf16_codec(data)
    if data.startswith(codecs.BOM_UTF8) or wide:
        codec = wide or "utf-8-sig"
        how = "byte-order mark" if wide in ("utf-16", "utf-32", None) else "NUL bytes beside ASCII"
        return (data.decode(codec, errors="replace").lstrip("\ufeff"),
                EncodingChoice(normalize_codec(codec), "declared", 1.0, how), notes)
    declared = named = None
    if xml and (m := _XML_DECLARATION.match(data[:512])):
        named = m.group(2).decode("ascii")
        try:
            declared = normalize_codec(named)
        except ValueError:
            notes.append(f"the XML declaration names an unknown encoding {m.group(2).decode('ascii')!r}; detecting instead")
    choice = detect_text_file_encoding(data)
    if declared and declared != "UTF-8":
        if choice.encoding == "UTF-8" and any(b > 0x7F for b in data):
            notes.append(f"the file declares {named} but its text is valid UTF-8; read as UTF-8")
        elif decodes_as([data], "gb18030" if declared == "GBK" else declared):
            # GB2312/GBK declarations are read as GB18030, their superset (rare characters included)
            codec = "GB18030" if declared == "GBK" else declared
            return data.decode(codec), EncodingChoice(codec, "declared", 1.0, f"XML declaration {named}"), notes
        else:
            notes.append(f"the file declares {named} but its text does not decode as {named}; "
                         f"read as {choice.encoding}")
    return data.decode(choice.encoding, errors="replace"), choice, notes


def decode_text(data: bytes, explicit: str | None = None) -> tuple[str, str, str]:
    """Decode a whole text file (coordinate TXT, CASS, DXF): (text, encoding, how it was chosen).

    Order: the explicit encoding, a byte-order mark, strict UTF-8, then :func:`detect_encoding`
    (Chinese first: GBK files come out as GB18030, its superset).
    """
    from ..errors import DataError

    if explicit:
        try:
            codec = normalize_codec(explicit)
            return data.decode(codec), codec, "explicit"
        except (ValueError, LookupError, UnicodeDecodeError) as exc:
            raise DataError(None, f"cannot decode as {explicit}: {exc}") from None
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8", "bom"
    wide = utf16_codec(data)
    if wide:
        # Windows Notepad's "Unicode" and Excel's "Unicode text" are UTF-16, often without a BOM
        bom = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        return data.decode(wide, errors="replace").lstrip("\ufeff"), wide.upper(), "bom" if bom else "detected"
    try:
        return data.decode("utf-8"), "UTF-8", "detected"
    except UnicodeDecodeError:
        pass
    choice = detect_encoding(_non_ascii_runs(data))
    try:
        return data.decode(choice.encoding), choice.encoding, "detected"
    except UnicodeDecodeError:
        return data.decode(choice.encoding, errors="replace"), choice.encoding, "detected-with-errors"


def _non_ascii_runs(data: bytes) -> list[bytes]:
    """Pieces of a text file that hold non-ASCII bytes, cut at delimiters below 0x40 (quotes, angle
    brackets, newlines): double-byte trail bytes are always >= 0x40, so no character is split."""
    import re

    return [piece for piece in re.split(rb'["<>\r\n,:]', data) if any(b > 0x7F for b in piece)]


def sidecar(path: Path, suffix: str) -> Path | None:
    """The sidecar file of a shapefile with ``suffix`` in any letter case (``.DBF`` from Windows tools)."""
    for candidate in (path.with_suffix(suffix), path.with_suffix(suffix.upper())):
        if candidate.exists():
            return candidate
    stem = path.stem.lower()
    for p in path.parent.glob("*"):
        if p.stem.lower() == stem and p.suffix.lower() == suffix:
            return p
    return None
