"""Files of the preview page (build.py serve): plain HTML, CSS and JavaScript, no build step."""
