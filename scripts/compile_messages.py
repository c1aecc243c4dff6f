"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib (no GNU gettext needed).

`make messages` runs it after makemessages; the .mo files are committed so that a fresh
clone serves translated pages without gettext tools installed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        print(f"{po_path.relative_to(ROOT)}: {po.percent_translated()}% translated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
