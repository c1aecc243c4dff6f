"""The national-scale load data set (`manage.py generate_load_data`): learners over the
20 regions, their organisations and positions, enrolments and item progress over the
existing curriculum, quiz attempts, certificates and assignments, inserted in batches
with bulk_create (no save(), no signals, no tasks, nothing mailed).

Everything generated is recognisable: learners have e-mails on LOAD_DOMAIN, the
organisations' names start with ORG_PREFIX; `load_data_delete` removes them and only
them. Rows point at pages by their translation_key; no page is created here."""

from .catalog import (
    LEARNERS,
    LOAD_DOMAIN,
    ORG_PREFIX,
    catalog_read,
    generated_users,
    real_user_count,
)
from .delete import load_data_delete
from .generator import Generator, load_data_generate

__all__ = [
    "LEARNERS",
    "LOAD_DOMAIN",
    "ORG_PREFIX",
    "Generator",
    "catalog_read",
    "generated_users",
    "load_data_delete",
    "load_data_generate",
    "real_user_count",
]
