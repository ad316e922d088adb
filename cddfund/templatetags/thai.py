"""Template filters for Thai formats; loaded in every template (TEMPLATES builtins)."""

from django import template

from cddfund import thai

register = template.Library()


@register.filter
def be_date(value):
    """15/03/2567"""
    return thai.format_date(value)


@register.filter
def thai_date(value):
    """15 มีนาคม 2567"""
    return thai.format_date_long(value)


@register.filter
def thai_month(value):
    """มี.ค. 2567"""
    return thai.format_month(value)


@register.filter
def thai_datetime(value):
    """15 มี.ค. 2567 14:05 น."""
    return thai.format_datetime(value)


@register.filter
def baht(value):
    """1,234.50 บาท"""
    return thai.format_baht(value)


@register.filter
def number(value, places=2):
    return thai.format_number(value, int(places))


@register.filter
def fiscal_year(value):
    return thai.fiscal_year(value) if value else ""


@register.filter
def national_id_for(value, user):
    """The full number for roles that need it, masked for the others."""
    if getattr(user, "sees_national_ids", False):
        return thai.format_national_id(value)
    return thai.mask_national_id(value)
