"""Label Studio integration: the labelling config, the lossless converter and the push / pull / annotate client.

Only this package knows Label Studio's shapes and its UTF-16 offsets; everything outside it sees
:class:`annotation.model.Document` objects with code-point offsets.
"""
