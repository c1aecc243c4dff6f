"""Learner and mentor views of assignments."""
