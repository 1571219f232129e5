"""The content: the model, loading and checking a content folder, and the authoring commands."""
