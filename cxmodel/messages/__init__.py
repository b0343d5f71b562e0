"""The languages of cxmodel: language-neutral text (text.py), the language of a run
(languages.py), the catalogues (catalogues.py) and showing text in the active language
(render.py). docs/languages.md says how to add a language."""
