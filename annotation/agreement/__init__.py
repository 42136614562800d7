"""Inter-annotator agreement: who annotated what (:mod:`.inputs`), coefficients (:mod:`.coefficients`), the report
(:mod:`.report`, whose docstring documents the JSON ``flashpoint agreement`` writes) and its Markdown (:mod:`.markdown`).
"""
