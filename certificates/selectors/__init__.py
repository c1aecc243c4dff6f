"""Reads of certificates, by sub-domain: status at a moment (status), the
certificates people may see, their history and files (certificates), the rules
(rules), the risk-zone clearance derived from certificates when it is viewed
(clearance), and certificates as pages show them (summaries)."""

from .certificates import (
    VIEW_PERMISSION,
    CertificateRevoked,
    certificate_export,
    certificate_files_check,
    certificate_get_by_code,
    certificate_get_for_download,
    certificate_get_for_verification,
    certificate_get_visible,
    certificate_get_visible_by_code,
    certificate_history,
    certificate_latest,
    certificate_list,
    certificate_list_for_learner,
    certificate_list_visible,
    certificate_revocation_indexes,
)
from .clearance import (
    Clearance,
    ClearanceZone,
    clearance_cleared_q,
    clearance_list,
    clearance_zone_counts,
    clearance_zones,
)
from .rules import (
    certificate_refresher_page,
    certificate_rule_for_key,
    certificate_rules_renewed_by,
)
from .status import (
    Status,
    certificate_is_renewable,
    certificate_is_valid,
    certificate_issuer,
    certificate_status,
    certificate_status_q,
    certificate_title,
    certificate_valid_q,
)
from .summaries import (
    CertificateSummary,
    CompletionCertificate,
    Verification,
    certificate_list_for_completion,
    certificate_summary_list_for_holder,
    certificate_verification,
)

__all__ = [
    "VIEW_PERMISSION",
    "CertificateRevoked",
    "CertificateSummary",
    "Clearance",
    "ClearanceZone",
    "CompletionCertificate",
    "Status",
    "Verification",
    "certificate_export",
    "certificate_files_check",
    "certificate_get_by_code",
    "certificate_get_for_download",
    "certificate_get_for_verification",
    "certificate_get_visible",
    "certificate_get_visible_by_code",
    "certificate_history",
    "certificate_is_renewable",
    "certificate_is_valid",
    "certificate_issuer",
    "certificate_latest",
    "certificate_list_for_completion",
    "certificate_list_for_learner",
    "certificate_list",
    "certificate_list_visible",
    "certificate_refresher_page",
    "certificate_revocation_indexes",
    "certificate_rule_for_key",
    "certificate_rules_renewed_by",
    "certificate_status",
    "certificate_status_q",
    "certificate_summary_list_for_holder",
    "certificate_title",
    "certificate_valid_q",
    "certificate_verification",
    "clearance_cleared_q",
    "clearance_list",
    "clearance_zone_counts",
    "clearance_zones",
]
