"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib (no GNU gettext needed).

`make messages` runs it after makemessages; the .mo files are committed so that a fresh
clone serves translated pages without gettext tools installed.

Extra catalogues: `<domain>-extra.po` beside `<domain>.po` (e.g. locale/kk/LC_MESSAGES/
django-extra.po) holds translations of msgids that are not in our sources, such as the
django-allauth and Django messages that those packages ship no (or only a stale) Kazakh
for. `makemessages --no-obsolete` would drop them from django.po, so they live apart
and are merged here: every translated entry of the extra file is added to the compiled
`<domain>.mo` when `<domain>.po` lacks that msgid (same msgctxt) or leaves it
untranslated or fuzzy. Our own translations always win. An extra file is never
compiled on its own.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
EXTRA_SUFFIX = "-extra"


def extra_path_for(po_path: Path) -> Path:
    return po_path.with_name(f"{po_path.stem}{EXTRA_SUFFIX}.po")


def catalogue_build(po_path: Path) -> tuple[polib.POFile, int]:
    """The catalogue to compile for `po_path`: the .po plus its extra entries.
    Returns it with the number of extra entries that were added."""
    po = polib.pofile(str(po_path))
    extra_path = extra_path_for(po_path)
    if not extra_path.exists():
        return po, 0
    own = {(entry.msgctxt, entry.msgid): entry for entry in po}
    added = 0
    for entry in polib.pofile(str(extra_path)).translated_entries():
        current = own.get((entry.msgctxt, entry.msgid))
        if current is not None and current.translated():
            continue
        if current is not None:
            po.remove(current)
        po.append(entry)
        added += 1
    return po, added


def main() -> int:
    for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
        if po_path.stem.endswith(EXTRA_SUFFIX):
            continue
        po, added = catalogue_build(po_path)
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        note = f" (+{added} from {extra_path_for(po_path).name})" if added else ""
        print(
            f"{po_path.relative_to(ROOT)}: {po.percent_translated()}% translated{note}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
