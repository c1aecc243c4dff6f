"""Forms of scheduling's pages, by area."""
