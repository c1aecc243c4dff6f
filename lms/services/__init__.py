"""State changes of the site shell (site) and the platform's backups (backup)."""

from .backup import BackupError, backup_restore, backup_write
from .site import site_sync

__all__ = ["BackupError", "backup_restore", "backup_write", "site_sync"]
