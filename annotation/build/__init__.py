"""Build the Hugging Face dataset in ``dataset/`` from the Label Studio exports (``flashpoint build``)."""
