"""The app build's helpers: ICU's data package cut to English, and the TOC filters."""

import struct

from freeze import icu, slim

HEADER_SIZE = 32


def package_bytes(items: list[tuple[str, bytes]]) -> bytes:
    """An ICU common-data package as ICU's own tools lay it out."""
    header = struct.pack("<HBB", HEADER_SIZE, 0xDA, 0x27) + b"\x14\x00\x00\x00\x00\x00\x02\x00"
    header += b"CmnD" + bytes([1, 0, 0, 0, 3, 0, 0, 0])
    return icu.write_package(icu.Package(header.ljust(HEADER_SIZE, b"\0"), items))


ITEMS = [
    ("icudt73l/brkitr/de.res", b"de breaks"),
    ("icudt73l/brkitr/en.res", b"en breaks"),
    ("icudt73l/brkitr/thaidict.dict", b"thai words" * 10),
    ("icudt73l/brkitr/word.brk", b"word rules"),
    ("icudt73l/cnvalias.icu", b"aliases"),
    ("icudt73l/coll/root.res", b"root order"),
    ("icudt73l/coll/sv.res", b"swedish order"),
    ("icudt73l/de.res", b"german"),
    ("icudt73l/en.res", b"english"),
    ("icudt73l/en_GB.res", b"british"),
    ("icudt73l/ibm-1047_P100-1995.cnv", b"ebcdic"),
    ("icudt73l/pool.res", b"pool"),
    ("icudt73l/res_index.res", b"index"),
    ("icudt73l/root.res", b"root"),
    ("icudt73l/sr_Latn_BA.res", b"serbian"),
    ("icudt73l/translit/Latin_ASCII.res", b"latin"),
    ("icudt73l/zoneinfo64.res", b"zones"),
]


def test_a_package_reads_back_item_for_item_with_each_item_on_a_16_byte_boundary():
    blob = package_bytes(ITEMS)

    package = icu.read_package(blob)

    # The format keeps no item sizes: an item reads back with its padding.
    assert [name for name, _ in package.items] == [name for name, _ in ITEMS]
    for (_, read), (_, written) in zip(package.items, ITEMS, strict=True):
        assert read.rstrip(b"\0") == written and len(read) % 16 == 0
    (count,) = struct.unpack_from("<I", blob, HEADER_SIZE)
    offsets = [struct.unpack_from("<II", blob, HEADER_SIZE + 4 + 8 * i)[1] for i in range(count)]
    assert all(offset % 16 == 0 for offset in offsets)
    assert icu.write_package(package) == blob


def test_english_only_keeps_root_english_and_every_item_of_no_locale():
    kept = [name for name, _ in icu.english_only(icu.read_package(package_bytes(ITEMS))).items]

    assert kept == [
        "icudt73l/brkitr/en.res",
        "icudt73l/brkitr/word.brk",
        "icudt73l/cnvalias.icu",
        "icudt73l/coll/root.res",
        "icudt73l/en.res",
        "icudt73l/en_GB.res",
        "icudt73l/ibm-1047_P100-1995.cnv",
        "icudt73l/pool.res",
        "icudt73l/res_index.res",
        "icudt73l/root.res",
        "icudt73l/translit/Latin_ASCII.res",
        "icudt73l/zoneinfo64.res",
    ]


def test_something_else_than_an_icu_package_is_refused():
    try:
        icu.read_package(b"\x20\x00\x00\x00" + b"\0" * 60)
    except icu.ICUDataError:
        return
    raise AssertionError("no error")


def test_dropped_patterns_leave_out_files_unless_kept():
    toc = [
        ("babel/locale-data/de.dat", "/x/de.dat", "DATA"),
        ("babel/locale-data/root.dat", "/x/root.dat", "DATA"),
        ("PySide6\\Qt\\translations\\qt_de.qm", "/x/qt_de.qm", "DATA"),
        ("trafilatura/settings.cfg", "/x/settings.cfg", "DATA"),
    ]

    kept = slim.without(
        toc, ["babel/locale-data/*", "PySide6/Qt/translations/*"], ["babel/locale-data/root.dat"]
    )

    assert [entry[0] for entry in kept] == [
        "babel/locale-data/root.dat",
        "trafilatura/settings.cfg",
    ]


def test_test_suites_are_recognised_but_a_module_called_tests_is_not():
    assert slim.is_test_package(("spacy.tests.lang.test_en", "/x/test_en.py", "PYMODULE"))
    assert slim.is_test_package(("numpy._core.tests", "/x/tests/__init__.py", "PYMODULE"))
    assert not slim.is_test_package(("jinja2.tests", "/x/jinja2/tests.py", "PYMODULE"))
