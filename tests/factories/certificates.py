"""Certificate factories: a template, a rule certifying a course or program."""

import factory

from certificates.models import CertificateRule, CertificateTemplate, Signatory


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CertificateTemplate

    name = factory.Sequence(lambda n: f"Шаблон {n}")
    is_default = False
    issuer_kk = "Ұлттық волонтерлік фронт-офис"
    issuer_ru = "Национальный волонтёрский фронт-офис"
    issuer_en = "National Volunteer Front Office"


class SignatoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signatory

    template = factory.SubFactory(CertificateTemplateFactory)
    name_kk = "Әсел Қайратқызы Нұрғалиева"
    name_ru = "Асель Кайратовна Нургалиева"
    title_kk = "Ұлттық фронт-офис директоры"
    title_ru = "Директор национального фронт-офиса"
    title_en = "Director, National Front Office"


class CertificateRuleFactory(factory.django.DjangoModelFactory):
    """`page` is required: the course or program certified."""

    class Meta:
        model = CertificateRule

    template = None
    validity_months = 24
    is_active = True
