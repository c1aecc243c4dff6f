"""The demo's Kazakh files load in an order that works whatever they are called."""

from courses.demo.loader import content_read, translations_ordered


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


def test_the_demo_content_is_read_with_the_programs_translations_first():
    _sources, translations, _acknowledgements = content_read()

    kinds = ["program" in data for _name, data in translations]

    assert kinds == sorted(kinds, reverse=True)
