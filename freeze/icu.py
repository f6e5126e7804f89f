"""ICU's data, cut to what an English desktop program asks of it.

Qt on Linux links ICU, and ICU's data library (`libicudata.so.NN`, 32 MB) holds
collation, names, currencies, units, time zone names and break dictionaries
for every locale in CLDR. Qt asks ICU for collation, case mapping and legacy
text codecs; the workbench's interface is English and its text goes through
Python, not Qt's codecs. So the library is rebuilt with the same symbol
(`icudtNN_dat`) holding the same ICU common-data package less the items of
other locales: root and English stay, as does every locale-independent item
(converters, normalisation, properties, the root collation), so nothing Qt
looks up is missing, it only falls back to root for another locale, as ICU does
for any locale it has no data for.

The package format ("CmnD", ICU's `udata` offset-TOC): a data header, then a
table of contents (a count, then per item the offsets of its name and its data,
both from the start of the table), the names (sorted, NUL-terminated), and the
items, each starting on a 16-byte boundary.
"""

from __future__ import annotations

import re
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from freeze.elf import readelf

#: A locale's name as ICU spells an item's ("sr_Latn_BA"; "Latin_ASCII" is a transliterator).
LOCALE_NAME = re.compile(r"[a-z]{2,3}(_[A-Za-z0-9]+)*")
#: Folders of per-locale trees inside the package (`icudt73l/coll/de.res`, ...).
LOCALE_TREES = ("brkitr", "coll", "curr", "lang", "rbnf", "region", "translit", "unit", "zone")
ALIGNMENT = 16


class ICUDataError(Exception):
    """The library is not an ICU data library this code understands."""


@dataclass(frozen=True)
class Package:
    header: bytes
    items: list[tuple[str, bytes]]


def read_package(blob: bytes) -> Package:
    header_size, magic1, magic2 = struct.unpack_from("<HBB", blob, 0)
    if (magic1, magic2) != (0xDA, 0x27) or blob[12:16] != b"CmnD":
        raise ICUDataError("not an ICU common-data package")
    toc = blob[header_size:]
    (count,) = struct.unpack_from("<I", toc, 0)
    offsets = [struct.unpack_from("<II", toc, 4 + 8 * i) for i in range(count)]
    ends = [data for _, data in offsets[1:]] + [len(toc)]
    items = []
    for (name_at, data_at), end in zip(offsets, ends, strict=True):
        name = toc[name_at : toc.index(b"\0", name_at)].decode("ascii")
        items.append((name, toc[data_at:end]))
    return Package(blob[:header_size], items)


def write_package(package: Package) -> bytes:
    """The package's bytes; names must already be in ICU's (byte-wise) order."""
    names = b"".join(name.encode("ascii") + b"\0" for name, _ in package.items)
    table_size = 4 + 8 * len(package.items)
    data_at = _aligned(table_size + len(names))
    table, body = [struct.pack("<I", len(package.items))], []
    name_at = table_size
    for name, data in package.items:
        table.append(struct.pack("<II", name_at, data_at))
        name_at += len(name) + 1
        padded = data + b"\0" * (_aligned(len(data)) - len(data))
        body.append(padded)
        data_at += len(padded)
    head = b"".join(table) + names
    return package.header + head + b"\0" * (_aligned(len(head)) - len(head)) + b"".join(body)


def english_only(package: Package) -> Package:
    return Package(package.header, [item for item in package.items if _kept(item[0])])


def _kept(name: str) -> bool:
    """Whether an item belongs to no locale, or to root or English.

    The break-iterator dictionaries (Thai, Lao, Khmer, Burmese, Chinese and
    Japanese words) go too: Qt finds line and word breaks with its own tables.
    """
    tree, _, leaf = name.partition("/")[2].rpartition("/")
    if tree == "brkitr" and leaf.endswith(".dict"):
        return False
    if tree not in ("", *LOCALE_TREES) or not leaf.endswith(".res"):
        return True
    locale = leaf.removesuffix(".res")
    if locale in ("res_index", "pool") or not LOCALE_NAME.fullmatch(locale):
        return True
    return locale in ("root", "en") or locale.startswith("en_")


def _aligned(size: int) -> int:
    return -(-size // ALIGNMENT) * ALIGNMENT


# --- the shared library -------------------------------------------------------------------


def data_symbol(library: Path) -> tuple[str, int, int]:
    """The data symbol's name, file offset and size, read with binutils' readelf."""
    symbols = readelf("--dyn-syms", library)
    found = re.search(
        r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s.*\s(icudt\d+_dat)$", symbols, re.M
    )
    if not found:
        raise ICUDataError(f"{library} has no icudtNN_dat symbol")
    address, size = int(found.group(1), 16), int(found.group(2), 0)
    for line in readelf("-S", library).splitlines():
        fields = line.replace("[ ", "[").split()
        if len(fields) > 5 and fields[1] == ".rodata":
            section_address, section_offset = int(fields[3], 16), int(fields[4], 16)
            return found.group(3), address - section_address + section_offset, size
    raise ICUDataError(f"{library} has no .rodata section")


def trimmed_library(library: Path, output: Path) -> Path:
    """`output`: a shared library like `library` holding the English-only package."""
    symbol, offset, size = data_symbol(library)
    with library.open("rb") as file:
        file.seek(offset)
        package = read_package(file.read(size))
    with tempfile.TemporaryDirectory() as temporary:
        data = Path(temporary) / "icudata.dat"
        data.write_bytes(write_package(english_only(package)))
        source = Path(temporary) / "icudata.S"
        source.write_text(
            "\t.section .rodata\n"
            f"\t.globl {symbol}\n\t.type {symbol}, @object\n\t.balign {ALIGNMENT}\n"
            f'{symbol}:\n\t.incbin "{data}"\n\t.size {symbol}, . - {symbol}\n'
            '\t.section .note.GNU-stack,"",@progbits\n',
            encoding="ascii",
        )
        output.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "cc",
                "-shared",
                "-nostdlib",
                f"-Wl,-soname,{library.name}",
                "-o",
                str(output),
                str(source),
            ],
            check=True,
        )
    return output
