"""The docs site: the whole model as static pages (``cxmodel site``) and a live preview
(``cxmodel serve``)."""
