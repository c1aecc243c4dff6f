"""Certificate numbers: 100 random bits, written in Crockford's base32 (no I, L, O, U),
so a number read off paper and typed back in is forgiving of case, dashes and the
letters people confuse with digits. Nobody can guess one, or enumerate them."""

from __future__ import annotations

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 20  # 20 symbols x 5 bits = 100 bits
_CONFUSED = str.maketrans({"O": "0", "I": "1", "L": "1"})


def code_new() -> str:
    """A new random certificate number (20 symbols, 100 bits)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def code_normalize(text: str) -> str | None:
    """The number as stored, from what someone typed (any case, with dashes or spaces,
    O for 0, I or L for 1); None when it cannot be a certificate number."""
    cleaned = "".join(ch for ch in (text or "").upper() if ch not in " -\t")
    cleaned = cleaned.translate(_CONFUSED)
    if len(cleaned) != LENGTH or any(ch not in ALPHABET for ch in cleaned):
        return None
    return cleaned


def code_display(code: str) -> str:
    """The number grouped for reading: XXXX-XXXX-XXXX-XXXX-XXXX."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))
