"""``{% factcheck_card fc %}`` and ``{% rating_badge rating %}``: the public pages' cards and badges (``cards``)."""

from django import template

from factcheck.publishing import cards

register = template.Library()

register.simple_tag(cards.card, name="factcheck_card")
register.simple_tag(cards.rating_badge, name="rating_badge")
