"""How the backup and restore commands word what they did."""


def counts_line(counts: dict) -> str:
    return ", ".join(
        f"{key.replace('_', ' ')} {'none' if value is None else value}"
        for key, value in counts.items()
    )


def size_text(size: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GB"  # pragma: no cover
