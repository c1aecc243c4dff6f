"""Demo data of certificates: `certificates_demo_load` (the template, the certificate
and clearance rules), called by lms.demo after the curriculum and the people."""

from .loader import certificates_demo_load

__all__ = ["certificates_demo_load"]
