"""Date formats per interface language (``FORMAT_MODULE_PATH``): how a day reads in a sentence.

Templates write ``|date:"DATE_FORMAT"`` and get "2 December 2026", "2 de diciembre de 2026" or
"2 декабря 2026 г."; Django's own defaults for English ("Dec. 2, 2026") are not how the site writes dates.
"""
