"""Seeing the result while editing: watch mode and the live preview in the browser."""
