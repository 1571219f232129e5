"""Personal copies: the list, stamping and signing, the manifest, verifying and sending."""
