"""The demo's Kazakh files load in an order that works whatever they are called."""

from courses.demo.loader import translations_ordered


def test_files_that_translate_a_program_load_before_those_that_add_courses_to_it():
    files = [
        ("30-onboarding-indicators.kk.yaml", {"extends": "onboarding", "courses": []}),
        ("30-onboarding.kk.yaml", {"program": {"slug": "onboarding"}, "courses": []}),
        ("10-risk-zones-safety.kk.yaml", {"extends": "risk-zones", "courses": []}),
        ("10-risk-zones.kk.yaml", {"program": {"slug": "risk-zones"}, "courses": []}),
    ]

    names = [name for name, _data in translations_ordered(files)]

    assert names == [
        "10-risk-zones.kk.yaml",
        "30-onboarding.kk.yaml",
        "10-risk-zones-safety.kk.yaml",
        "30-onboarding-indicators.kk.yaml",
    ]
