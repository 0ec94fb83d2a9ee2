"""Drafting writs from a case: a demanda de alimentos, an apersonamiento and a solicitud de
medidas de protección as editable ``.docx`` files (``templates.draft``), filled from the
case, its client and its intake's ficha (``context``), with dates and amounts written as
legal style expects (``words``)."""
