"""Tasks of assignments."""
